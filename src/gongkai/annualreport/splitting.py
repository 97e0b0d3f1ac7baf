"""Cells run together (pure): "713000074" printed for 71|3|0|0|0|0|74 when a portal drops the
table's borders. A row of section 三 must satisfy 六类申请人之和 = 总计, and each of section 四's three
blocks 纠正 + 维持 + 其他 + 尚未审结 = 总计, so the digits can often be split in one way only; every way
that satisfies the identities is returned, and the caller uses a split only when it is the only
one (its cells are then marked as inferred), never guessing. Section 二 has no such identity: its
run-together cells are reported, not split.
"""

from collections.abc import Iterator

MAX_SPLITS = 50  # more candidates than this is hopeless ambiguity: stop counting


def _parts(digits: str, count: int) -> Iterator[list[int]]:
    if count == 1:
        if digits and (digits == "0" or not digits.startswith("0")):
            yield [int(digits)]
        return
    for cut in range(1, len(digits) - count + 2):
        head = digits[:cut]
        if head != "0" and head.startswith("0"):
            break  # a number does not start with 0
        for rest in _parts(digits[cut:], count - 1):
            yield [int(head), *rest]


def splits_with_total(digits: str, count: int) -> list[list[int]]:
    """Splits of `digits` into `count` whole numbers whose last is the sum of the others."""
    found = []
    for parts in _parts(digits, count):
        if sum(parts[:-1]) == parts[-1]:
            found.append(parts)
            if len(found) > MAX_SPLITS:
                break
    return found


def splits_in_blocks(digits: str, blocks: int, size: int) -> list[list[int]]:
    """Splits of `digits` into `blocks` runs of `size` whole numbers, each run's last the sum of
    the others (section 四: three blocks of five)."""
    if blocks == 1:
        return splits_with_total(digits, size)
    found: list[list[int]] = []
    for cut in range(size, len(digits) - size * (blocks - 1) + 1):
        for head in splits_with_total(digits[:cut], size):
            for rest in splits_in_blocks(digits[cut:], blocks - 1, size):
                found.append(head + rest)
                if len(found) > MAX_SPLITS:
                    return found
    return found
