"""Unit-name matching (pure): the same unit is written many ways in exports and bulletins."""

import difflib
import unicodedata

# Prefixes that bulletins and exports put before a unit's short name (县税务局 = 税务局).
GENERIC_PREFIXES = ("县",)


def normalize_name(raw: str) -> str:
    """Full-width to half-width, no white space: the key names are compared by."""
    return "".join(unicodedata.normalize("NFKC", raw).split())


def name_variants(raw: str, region_names: tuple[str, ...] = ()) -> list[str]:
    """The normalized name, then the name with a region or generic prefix removed."""
    name = normalize_name(raw)
    variants = [name]
    for prefix in (*region_names, *GENERIC_PREFIXES):
        if prefix and name.startswith(prefix) and len(name) > len(prefix) + 1:
            variants.append(name[len(prefix) :])
    return variants


class NameIndex:
    """Looks units up by name, full name or alias, tolerating prefixes and full-width text."""

    def __init__(self, names: dict[str, int], region_names: tuple[str, ...] = ()) -> None:
        self._ids = {normalize_name(name): unit_id for name, unit_id in names.items()}
        self._display = list(names)
        self._region_names = region_names

    def find(self, raw: str) -> int | None:
        for variant in name_variants(raw, self._region_names):
            unit_id = self._ids.get(variant)
            if unit_id is not None:
                return unit_id
        return None

    def suggest(self, raw: str, limit: int = 3) -> list[str]:
        """The closest registered names, for a message about an unknown unit."""
        name = normalize_name(raw)
        return difflib.get_close_matches(name, self._display, n=limit, cutoff=0.3)
