"""A character trigram language model (interpolated Kneser–Ney), small enough to ship in the wheel.

The counts (data/charlm.bin.gz, built by scripts/build_proofread_data.py) are kept as flat arrays,
n-gram keys sorted and their counts: 12 bytes an n-gram instead of ~130 for a dict entry, loaded in
a fraction of a second. A key packs the n-gram's character ids, 13 bits each, so unigram, bigram and
trigram keys fall in disjoint ranges (ids start at 1) and sort by order: unigrams, then bigrams,
then trigrams. For the unigrams and bigrams three more arrays hold what Kneser–Ney needs:

- `left`: N1+(• g), how many different characters come before g;
- `follow_sum`: for a bigram, c(g •), its trigram continuations counted; for a unigram v,
  N1+(• v •), how many trigram types have v in the middle;
- `follow_n`: for a bigram, N1+(g •), how many different characters follow it; for a unigram v,
  how many bigrams v w are themselves continued from the left (N1+(• v w) > 0).

Counts are scaled (10 × corpus count + dictionary frequency, see the build script), so the
discount is scaled with them. Kneser–Ney rather than stupid backoff: on the SIGHAN-2015 test set it
lets the typo checker find a third more typos at the same false-alarm rate on government text
(docs/benchmarks.md).

File layout (gzip): one line of JSON (source, order, n, n12, total, bigram_types, discount,
chars), then n little-endian int64 keys, n uint32 counts, and n12 uint32 each of left,
follow_sum, follow_n.
"""

import gzip
import json
import math
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "charlm.bin.gz"
ORDER = 3
BITS = 13
BOUNDARY_START, BOUNDARY_END = "^", "$"  # sentence start and end, as characters of the text
DISCOUNT = 7.5  # Kneser–Ney's usual 0.75, on counts scaled by 10
LOWER_DISCOUNT = 0.75  # the bigram level counts types (continuations), not scaled
CACHE_SIZE = 1 << 20


def _pack(ids: list[int]) -> int:
    key = 0
    for i in ids:
        key = (key << BITS) | i
    return key


def kneser_ney_tables(counts: Mapping[str, int]) -> tuple[dict[str, list[int]], int]:
    """For each unigram and bigram: [left, follow_sum, follow_n] (see the module's docstring);
    and the number of bigram types."""
    tables: dict[str, list[int]] = {g: [0, 0, 0] for g in counts if len(g) < 3}
    for gram, n in counts.items():
        if len(gram) == 2:
            tables[gram[1]][0] += 1  # N1+(• w)
        elif len(gram) == 3:
            tables[gram[1:]][0] += 1  # N1+(• v w)
            tables[gram[:2]][1] += n  # c(u v •)
            tables[gram[:2]][2] += 1  # N1+(u v •)
            tables[gram[1]][1] += 1  # N1+(• v •)
    for gram, row in tables.items():
        if len(gram) == 2 and row[0]:
            tables[gram[0]][2] += 1  # bigrams v w continued from the left
    return tables, sum(1 for g in counts if len(g) == 2)


def write_counts(counts: Mapping[str, int], path: Path, *, source: str) -> None:
    chars = sorted({c for gram in counts for c in gram})
    if len(chars) >= 1 << BITS:
        raise ValueError("too many distinct characters for 13-bit ids")
    ids = {c: i + 1 for i, c in enumerate(chars)}
    tables, bigram_types = kneser_ney_tables(counts)
    rows = sorted((_pack([ids[c] for c in gram]), gram) for gram in counts)
    keys = array("q", (k for k, _ in rows))
    values = array("I", (min(counts[g], 2**32 - 1) for _, g in rows))
    lower = [g for _, g in rows if len(g) < 3]  # the first rows: keys sort by order
    extra = [array("I", (min(tables[g][j], 2**32 - 1) for g in lower)) for j in range(3)]
    if sys.byteorder != "little":
        for block in (keys, values, *extra):
            block.byteswap()
    header = {
        "source": source,
        "order": ORDER,
        "n": len(rows),
        "n12": len(lower),
        "total": sum(n for gram, n in counts.items() if len(gram) == 1),
        "bigram_types": bigram_types,
        "discount": DISCOUNT,
        "chars": "".join(chars),
    }
    body = json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n"
    blocks = [keys.tobytes(), values.tobytes(), *(e.tobytes() for e in extra)]
    path.write_bytes(gzip.compress(body + b"".join(blocks), mtime=0))


@dataclass(frozen=True)
class CharLM:
    ids: dict[str, int]
    keys: array
    counts: array
    left: array
    follow_sum: array
    follow_n: array
    total: int
    bigram_types: int
    source: str
    discount: float = DISCOUNT
    # probabilities already computed: government text repeats its phrases, and each candidate
    # correction asks for the same contexts again
    _logp: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def _at(self, gram: str) -> int:
        """The row of an n-gram, or -1."""
        key = 0
        for c in gram:
            i = self.ids.get(c)
            if i is None:
                return -1
            key = (key << BITS) | i
        at = bisect_left(self.keys, key)
        return at if at < len(self.keys) and self.keys[at] == key else -1

    def count(self, gram: str) -> int:
        at = self._at(gram)
        return self.counts[at] if at >= 0 else 0

    def _table(self, gram: str) -> tuple[int, int, int]:
        at = self._at(gram)
        if at < 0 or at >= len(self.left):
            return 0, 0, 0
        return self.left[at], self.follow_sum[at], self.follow_n[at]

    def logp(self, history: str, char: str) -> float:
        """log P(char | the last ORDER-1 characters of history)."""
        history = history[-(ORDER - 1) :]
        key = history + "\t" + char  # the tab keeps a short history apart from a long one
        cached = self._logp.get(key)
        if cached is None:
            if len(self._logp) >= CACHE_SIZE:
                self._logp.clear()
            cached = self._logp[key] = math.log(self._p(history, char))
        return cached

    def _p(self, history: str, char: str) -> float:
        if len(history) == 2:
            return self._p_trigram(history, char)
        if len(history) == 1:
            return self._p_bigram(history, char)
        return self._p_unigram(char)

    def _p_unigram(self, char: str) -> float:
        left, _, _ = self._table(char)
        return (left + 0.5) / (self.bigram_types + 0.5 * len(self.ids))

    def _p_bigram(self, v: str, w: str) -> float:
        _, middle, continued = self._table(v)  # N1+(• v •), bigrams v • continued from the left
        if not middle:
            return self._p_unigram(w)
        left, _, _ = self._table(v + w)  # N1+(• v w)
        weight = LOWER_DISCOUNT * continued / middle
        return max(left - LOWER_DISCOUNT, 0) / middle + weight * self._p_unigram(w)

    def _p_trigram(self, uv: str, w: str) -> float:
        _, seen, followers = self._table(uv)  # c(u v •), N1+(u v •)
        if not seen:
            return self._p_bigram(uv[1], w)
        weight = self.discount * followers / seen
        return max(self.count(uv + w) - self.discount, 0) / seen + weight * self._p_bigram(uv[1], w)

    def score(self, text: str, lo: int, hi: int) -> float:
        """Log-probability of text[lo:hi] given what precedes it."""
        return sum(self.logp(text[max(0, i - ORDER + 1) : i], text[i]) for i in range(lo, hi))


def counts_of(texts: list[str]) -> Counter:
    """1–3-gram counts of texts, each padded with the sentence marks (for tests and the build)."""
    counts: Counter = Counter()
    for text in texts:
        padded = BOUNDARY_START + text + BOUNDARY_END
        for n in range(1, ORDER + 1):
            for i in range(len(padded) - n + 1):
                counts[padded[i : i + n]] += 1
    return counts


@cache
def load_char_lm(path: Path = DATA) -> CharLM:
    raw = gzip.decompress(path.read_bytes())
    newline = raw.index(b"\n")
    header = json.loads(raw[:newline])
    n, n12 = header["n"], header["n12"]
    blocks, at = [], newline + 1
    for code, length in (("q", n), ("I", n), ("I", n12), ("I", n12), ("I", n12)):
        block = array(code)
        size = block.itemsize * length
        block.frombytes(raw[at : at + size])
        at += size
        if sys.byteorder != "little":
            block.byteswap()
        blocks.append(block)
    keys, counts, left, follow_sum, follow_n = blocks
    return CharLM(
        ids={c: i + 1 for i, c in enumerate(header["chars"])},
        keys=keys,
        counts=counts,
        left=left,
        follow_sum=follow_sum,
        follow_n=follow_n,
        total=header["total"],
        bigram_types=header["bigram_types"],
        source=header["source"],
        discount=header["discount"],
    )
