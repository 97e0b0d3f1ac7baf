"""Benchmark: due dates for 1 million on-request applications with random event histories.

    .venv/bin/python bench/clock.py [--count 1000000] [--seed 1]

Prints due dates per second on one core (the pure clock, no database), and the rate of the full
Chinese explanation for a sample. Target: ≥ 50,000 due dates per second.
"""

import argparse
import os
import platform
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gongkai.calendar.core import library_calendar  # noqa: E402
from gongkai.foi.clock import Application, ClockRules, Event, compute_due, explain  # noqa: E402

CHANNELS = ("当面", "邮寄签收", "平信", "网络", "传真", "其他")


def random_application(rng: random.Random) -> Application:
    received = date(2025, 1, 2) + timedelta(days=rng.randrange(600))
    channel = rng.choice(CHANNELS)
    confirmed = (
        received + timedelta(days=rng.randrange(3)) if channel in ("平信", "网络", "传真") else None
    )
    day = confirmed or received
    events = []

    def later(low: int, high: int) -> date:
        nonlocal day
        day = day + timedelta(days=rng.randint(low, high))
        return day

    if rng.random() < 0.25:
        events.append(Event("correction_requested", later(1, 9)))
        events.append(Event("correction_received", later(2, 25)))
    if rng.random() < 0.2:
        events.append(Event("consultation_started", later(1, 12)))
        events.append(Event("consultation_ended", later(3, 30)))
    if rng.random() < 0.1:
        events.append(Event("fee_notice", later(1, 5)))
        events.append(Event("fee_paid", later(1, 15)))
    if rng.random() < 0.15:
        events.append(Event("extension", later(1, 10), days=rng.randint(5, 20)))
    if rng.random() < 0.7:
        events.append(Event("replied", later(1, 25)))
    return Application(received, channel, confirmed, tuple(events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    calendar = library_calendar()
    rules = ClockRules()
    started = time.perf_counter()
    applications = [random_application(rng) for _ in range(args.count)]
    generated = time.perf_counter() - started
    today = date(2026, 6, 30)
    started = time.perf_counter()
    statuses = Counter()
    for application in applications:
        result = compute_due(application, calendar, rules, today)
        statuses[("overdue " if result.overdue else "") + result.status] += 1
    elapsed = time.perf_counter() - started
    sample = applications[:10_000]
    started = time.perf_counter()
    for application in sample:
        explain(application, calendar, rules, today)
    explained = time.perf_counter() - started
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores (one used), Python {platform.python_version()}"
    )
    print(f"generated {args.count:,} histories in {generated:.1f} s")
    print(
        f"due dates: {args.count:,} in {elapsed:.2f} s = {args.count / elapsed:,.0f} per second (target ≥ 50,000)"
    )
    print(
        f"with explanation: {len(sample):,} in {explained:.2f} s = {len(sample) / explained:,.0f} per second"
    )
    print("statuses: " + ", ".join(f"{k} {v:,}" for k, v in statuses.most_common()))


if __name__ == "__main__":
    main()
