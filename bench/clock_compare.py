"""The reply clock of two source trees on the same histories, interleaved, in CPU time.

    git archive BASE src bench | tar -x -C /tmp/base
    .venv/bin/python bench/clock_compare.py /tmp/base/src src 3000 60

`bench/clock.py` measures wall time, which on a shared machine moves by 2x from one run to the
next; this takes the best CPU time of many short interleaved rounds of each tree, so the two are
measured under the same conditions. Prints applications per second and after/before.
"""

import importlib
import random
import sys
import time
from datetime import date
from pathlib import Path

old_src, new_src, n, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, str(Path(new_src).parent / "bench"))


def load(src):
    for name in [m for m in sys.modules if m.startswith("gongkai")]:
        del sys.modules[name]
    sys.path.insert(0, src)
    clock = importlib.import_module("gongkai.foi.clock")
    core = importlib.import_module("gongkai.calendar.core")
    sys.path.remove(src)
    return clock, core.library_calendar()


old, old_cal = load(old_src)
new, new_cal = load(new_src)
import clock as bench  # noqa: E402  (bench/clock.py of the new tree: the same histories for both)

rng = random.Random(1)
apps = [bench.random_application(rng) for _ in range(n)]
sets = {
    "before": (
        old,
        old_cal,
        [
            old.Application(
                a.received,
                a.channel,
                a.confirmed,
                tuple(old.Event(e.kind, e.day, e.days, e.note) for e in a.events),
            )
            for a in apps
        ],
    ),
    "after": (
        new,
        new_cal,
        [
            new.Application(
                a.received,
                a.channel,
                a.confirmed,
                tuple(new.Event(e.kind, e.day, e.days, e.note) for e in a.events),
            )
            for a in apps
        ],
    ),
}
today = date(2026, 6, 30)
best = {(k, f): 1e9 for k in sets for f in ("due", "explain")}
for _ in range(rounds):
    for name, (mod, cal, aa) in sets.items():
        rules = mod.ClockRules()
        t = time.process_time()
        for a in aa:
            mod.compute_due(a, cal, rules, today)
        best[name, "due"] = min(best[name, "due"], time.process_time() - t)
        t = time.process_time()
        for a in aa[:2000]:
            mod.explain(a, cal, rules, today)
        best[name, "explain"] = min(best[name, "explain"], time.process_time() - t)
for f, count in (("due", n), ("explain", 2000)):
    b, a = best["before", f], best["after", f]
    print(f"{f}: before {count / b:,.0f}/s, after {count / a:,.0f}/s, after/before = {b / a:.3f}")
