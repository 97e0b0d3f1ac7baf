"""A document table: what the .xlsx and .docx writers both render."""

from dataclasses import dataclass, field


@dataclass
class DocumentTable:
    title: str
    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    # Relative column widths in characters (for .xlsx; .docx scales them to the page).
    widths: list[int] = field(default_factory=list)
    attachment: str = ""  # e.g. "附件3"
