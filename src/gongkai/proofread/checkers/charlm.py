"""A character trigram language model with stupid backoff, small enough to ship in the wheel.

The counts (data/charlm.bin.gz, built by scripts/build_proofread_data.py) are kept as two flat
arrays, n-gram keys sorted and their counts: 12 bytes an n-gram instead of ~130 for a dict entry,
loaded in a fraction of a second. A key packs the n-gram's character ids, 13 bits each, so
unigram, bigram and trigram keys fall in disjoint ranges (ids start at 1).

File layout (gzip): one line of JSON (source, order, n, total, chars), then n little-endian
int64 keys, then n little-endian uint32 counts.
"""

import gzip
import json
import math
import sys
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "charlm.bin.gz"
ORDER = 3
BITS = 13
BOUNDARY_START, BOUNDARY_END = "^", "$"  # sentence start and end, as characters of the text
BACKOFF = math.log(0.4)
CACHE_SIZE = 1 << 20  # Brants et al. 2007 ("stupid backoff")


def _pack(ids: list[int]) -> int:
    key = 0
    for i in ids:
        key = (key << BITS) | i
    return key


def write_counts(counts: Mapping[str, int], path: Path, *, source: str) -> None:
    chars = sorted({c for gram in counts for c in gram})
    if len(chars) >= 1 << BITS:
        raise ValueError("too many distinct characters for 13-bit ids")
    ids = {c: i + 1 for i, c in enumerate(chars)}
    rows = sorted((_pack([ids[c] for c in gram]), n) for gram, n in counts.items())
    keys = array("q", (k for k, _ in rows))
    values = array("I", (min(n, 2**32 - 1) for _, n in rows))
    if sys.byteorder != "little":
        keys.byteswap()
        values.byteswap()
    total = sum(n for gram, n in counts.items() if len(gram) == 1)
    header = {
        "source": source,
        "order": ORDER,
        "n": len(rows),
        "total": total,
        "chars": "".join(chars),
    }
    body = json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n"
    path.write_bytes(gzip.compress(body + keys.tobytes() + values.tobytes(), mtime=0))


@dataclass(frozen=True)
class CharLM:
    ids: dict[str, int]
    keys: array
    counts: array
    total: int
    source: str
    # n-grams already looked up: government text repeats its phrases, and each candidate
    # correction asks for the same contexts again
    _seen: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _logp: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def count(self, gram: str) -> int:
        cached = self._seen.get(gram)
        if cached is None:
            if len(self._seen) >= CACHE_SIZE:
                self._seen.clear()
            cached = self._seen[gram] = self._lookup(gram)
        return cached

    def _lookup(self, gram: str) -> int:
        key = 0
        for c in gram:
            i = self.ids.get(c)
            if i is None:
                return 0
            key = (key << BITS) | i
        at = bisect_left(self.keys, key)
        return self.counts[at] if at < len(self.keys) and self.keys[at] == key else 0

    def logp(self, history: str, char: str) -> float:
        """log P(char | the last ORDER-1 characters of history), stupid backoff."""
        history = history[-(ORDER - 1) :]
        key = history + "\t" + char  # the tab keeps a short history apart from a long one
        cached = self._logp.get(key)
        if cached is None:
            if len(self._logp) >= CACHE_SIZE:
                self._logp.clear()
            cached = self._logp[key] = self._backoff(history, char)
        return cached

    def _backoff(self, history: str, char: str) -> float:
        penalty = 0.0
        for k in range(min(ORDER - 1, len(history)), 0, -1):
            context = history[-k:]
            seen = self.count(context)
            if seen:
                joint = self.count(context + char)
                if joint:
                    return penalty + math.log(joint / seen)
            penalty += BACKOFF
        vocabulary = len(self.ids)
        return penalty + math.log((self.count(char) + 0.5) / (self.total + 0.5 * vocabulary))

    def score(self, text: str, lo: int, hi: int) -> float:
        """Log-probability of text[lo:hi] given what precedes it."""
        return sum(self.logp(text[max(0, i - ORDER + 1) : i], text[i]) for i in range(lo, hi))


@cache
def load_char_lm(path: Path = DATA) -> CharLM:
    raw = gzip.decompress(path.read_bytes())
    newline = raw.index(b"\n")
    header = json.loads(raw[:newline])
    n = header["n"]
    keys, counts = array("q"), array("I")
    keys.frombytes(raw[newline + 1 : newline + 1 + 8 * n])
    counts.frombytes(raw[newline + 1 + 8 * n : newline + 1 + 12 * n])
    if sys.byteorder != "little":
        keys.byteswap()
        counts.byteswap()
    ids = {c: i + 1 for i, c in enumerate(header["chars"])}
    return CharLM(ids=ids, keys=keys, counts=counts, total=header["total"], source=header["source"])
