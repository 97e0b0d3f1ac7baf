"""The one user-error type: bad input from the person using Gongkai.

Every command turns it into one Chinese line and exit code 2, every view into a form error.
Capabilities subclass it where a narrower name helps; nothing catches the subclasses by name
at the edges, so no module has to list every app's errors.
"""


class UserError(ValueError):
    """Input that Gongkai refuses: the message is Chinese and names the file, row and field."""


def clean_text(value: str, *, label: str, max_length: int, error: type = UserError) -> str:
    """Free text typed into a page, stripped; refused (with `error`) when it holds a NUL byte,
    which PostgreSQL cannot store, or is longer than its column."""
    text = value.strip()
    if "\x00" in text:
        raise error(f"{label}含有空字符（NUL），请重新填写")
    if len(text) > max_length:
        raise error(f"{label}不能超过 {max_length} 个字（现有 {len(text)} 个）")
    return text
