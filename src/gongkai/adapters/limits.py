"""Size limits for files that come in: data files (CLI and upload), and what a .docx/.xlsx expands to.

A .docx or .xlsx is a zip archive: 500 KB of it can expand to gigabytes ("zip bomb"). The sizes a
zip declares for its members bound what `zipfile` will ever produce (it stops reading at the declared
size), so summing them before opening is a safe check. Limits are read from the environment when a
file is checked (documented in the README); pure, no Django.
"""

import zipfile
from pathlib import Path

from gongkai.env import env_int
from gongkai.errors import UserError

MB = 1024 * 1024
# Members above this size must not expand more than MAX_RATIO times (XML usually packs 5–20×).
RATIO_FLOOR_BYTES = 1 * MB
MAX_RATIO = 200


class InputTooLargeError(UserError):
    """A file over one of the configured limits."""


def max_import_bytes() -> int:
    """GONGKAI_MAX_IMPORT_MB: a data file read by an import or a check (CSV, XLSX, reports)."""
    return env_int("GONGKAI_MAX_IMPORT_MB", 4096) * MB


def max_upload_bytes() -> int:
    """GONGKAI_MAX_UPLOAD_MB: a file uploaded through the web pages."""
    return env_int("GONGKAI_MAX_UPLOAD_MB", 200) * MB


def max_uncompressed_bytes() -> int:
    """GONGKAI_MAX_UNCOMPRESSED_MB: what the members of a .docx/.xlsx may expand to, together."""
    return env_int("GONGKAI_MAX_UNCOMPRESSED_MB", 2048) * MB


def max_document_bytes() -> int:
    """GONGKAI_MAX_DOCUMENT_MB: a .docx is parsed whole in memory, so its own, lower, limit."""
    return env_int("GONGKAI_MAX_DOCUMENT_MB", 100) * MB


def _size_text(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} 字节"


def check_file_size(path: Path, name: str, limit: int | None = None) -> int:
    """The file's size, or InputTooLargeError naming the limit and the setting that sets it."""
    size = path.stat().st_size
    limit = max_import_bytes() if limit is None else limit
    if size > limit:
        raise InputTooLargeError(
            f"{name}: 文件过大（{_size_text(size)}，上限 {_size_text(limit)}；"
            "可用 GONGKAI_MAX_IMPORT_MB 调整）"
        )
    return size


def check_zip_expansion(path: Path, name: str, limit: int | None = None) -> None:
    """Refuse a zip-based document whose members would expand past `limit` or by a bomb's ratio.

    A file that is not a zip at all passes: the reader that opens it reports that in its own words.
    """
    limit = max_uncompressed_bytes() if limit is None else limit
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    total = 0
    for member in members:
        total += member.file_size
        ratio_ok = (
            member.file_size <= RATIO_FLOOR_BYTES
            or member.file_size <= max(member.compress_size, 1) * MAX_RATIO
        )
        if not ratio_ok:
            raise InputTooLargeError(
                f"{name}: 文件内的「{member.filename[:60]}」解压后 {_size_text(member.file_size)}，"
                f"是压缩后的 {member.file_size // max(member.compress_size, 1):,} 倍，疑似压缩炸弹，已拒绝"
            )
    if total > limit:
        raise InputTooLargeError(
            f"{name}: 解压后共 {_size_text(total)}，超过上限 {_size_text(limit)}"
            "（可用 GONGKAI_MAX_UNCOMPRESSED_MB 调整）"
        )
