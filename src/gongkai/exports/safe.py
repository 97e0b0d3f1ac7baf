"""Spreadsheet safety: text that a spreadsheet would run as a formula is never written as one."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: object) -> object:
    """CSV has no cell types, so a leading apostrophe keeps Excel/WPS from evaluating the text."""
    if starts_like_formula(value):
        return "'" + str(value)
    return value
