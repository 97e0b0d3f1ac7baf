"""Text read off images, through the optional extra `ocr` (rapidocr-onnxruntime: PP-OCR models
that ship inside its wheel, run by onnxruntime on the CPU; nothing is downloaded at run time).

Without the extra, `available()` is False and callers skip images with a note; nothing fails.
"""

import importlib.util
import zipfile
from functools import cache
from pathlib import Path

from gongkai.adapters.readers import ImportFileError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})
MIN_SCORE = 0.5  # lines the recogniser is less sure of are left out
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGES = 200  # a document's pictures read at most
EXTRA_MISSING = "识别图片文字需要安装 OCR 扩展：.venv/bin/pip install -e '.[ocr]'"


@cache
def available() -> bool:
    """The extra is installed and loads (its OpenCV needs the system's libGL, for one)."""
    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        return False
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def image_lines(data: bytes, name: str) -> list[str]:
    """The lines of text OCR reads in an image, top to bottom."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImportFileError(f"{name}: 图片过大（超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB）")
    try:
        found, _elapsed = _engine()(data)
    except Exception as exc:  # the decoder raises several types for a file that is no image
        raise ImportFileError(f"{name}: 无法识别为图片（{type(exc).__name__}）") from exc
    return [text for _box, text, score in found or [] if float(score) >= MIN_SCORE]


def images_in(path: Path) -> list[tuple[str, bytes]]:
    """The pictures of a file: the file itself when it is an image, a .docx's embedded media."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return [(path.name, path.read_bytes())]
    if suffix != ".docx":
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            names = [
                n
                for n in archive.namelist()
                if n.startswith("word/media/") and Path(n).suffix.lower() in IMAGE_SUFFIXES
            ]
            return [
                (f"{path.name}#{Path(n).name}", archive.read(n))
                for n in sorted(names)[:MAX_IMAGES]
                if archive.getinfo(n).file_size <= MAX_IMAGE_BYTES
            ]
    except zipfile.BadZipFile:
        return []  # the text reader reports the broken file
