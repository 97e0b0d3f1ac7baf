"""Text of a document (.txt, .html, .docx, .pdf) in reading order, table cells separated by tabs."""

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from gongkai.adapters.layout import rejoin_wrapped_cells
from gongkai.adapters.limits import check_file_size, check_zip_expansion, max_document_bytes
from gongkai.adapters.readers import ImportFileError, detect_encoding

BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "table",
    "section",
    "title",
}
CELL_TAGS = {"td", "th"}
SKIPPED_TAGS = {"script", "style", "head"}


class _TextFromHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in CELL_TAGS:
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data.replace("\xa0", " "))


_ARTICLE_TITLE = re.compile(
    r"<meta\s+[^>]*name=[\"']ArticleTitle[\"'][^>]*content=[\"']([^\"']*)[\"']"
    r"|<meta\s+[^>]*content=[\"']([^\"']*)[\"'][^>]*name=[\"']ArticleTitle[\"']",
    re.IGNORECASE,
)


def text_from_html(markup: str) -> str:
    """The page's text; a CMS's `<meta name="ArticleTitle">` first, as the document's title line."""
    parser = _TextFromHtml()
    parser.feed(markup)
    text = "".join(parser.parts)
    meta = _ARTICLE_TITLE.search(markup[:20000])
    title = html.unescape(meta.group(1) or meta.group(2)).strip() if meta else ""
    return f"{title}\n{text}" if title else text


def text_from_docx(path: Path) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            above: list = []
            for row in Table(block, document).rows:
                cells, current = [], []
                for index, cell in enumerate(row.cells):
                    current.append(cell._tc)
                    merged_left = index and cell._tc is current[index - 1]
                    merged_above = index < len(above) and cell._tc is above[index]
                    # Merged cells repeat in python-docx's view of a table: write each once.
                    if not merged_left:
                        cells.append("" if merged_above else cell.text)
                above = current
                lines.append("\t".join(cells))
    return "\n".join(lines)


def text_from_pdf(path: Path) -> str:
    """Ruled tables from word positions; PDFs without ruled tables through `pdftotext -layout`."""
    from gongkai.adapters.pdf_tables import NoTextLayer, read_pdf_tables

    try:
        text = read_pdf_tables(path)
    except NoTextLayer:
        raise ImportFileError(f"{path.name}: PDF 没有文字层（可能是扫描件），无法读取") from None
    except Exception as exc:  # pdfminer raises many types for a damaged file
        raise ImportFileError(f"{path.name}: 无法读取 PDF（{exc}）") from exc
    if text is not None:
        return text
    return text_from_pdf_layout(path)


def text_from_pdf_layout(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ImportFileError(f"{path.name}: 读取 PDF 需要 poppler-utils（pdftotext）")
    done = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120
    )
    if done.returncode != 0:
        raise ImportFileError(
            f"{path.name}: 无法读取 PDF（{done.stderr.decode(errors='replace').strip()}）"
        )
    text = done.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise ImportFileError(f"{path.name}: PDF 没有文字层（可能是扫描件），无法读取")
    return rejoin_wrapped_cells(text)


def read_document_text(path: Path) -> str:
    if not path.exists():
        raise ImportFileError(f"{path.name}: 文件不存在")
    if path.is_dir():
        raise ImportFileError(f"{path.name}: 是一个目录，请给出报告文件的路径")
    check_file_size(path, path.name)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        # python-docx holds the whole document in memory: bound what it expands to first.
        check_zip_expansion(path, path.name, limit=max_document_bytes())
        try:
            return text_from_docx(path)
        except Exception as exc:  # python-docx raises several types for a broken file
            raise ImportFileError(f"{path.name}: 不是有效的 .docx 文件（{exc}）") from exc
    if suffix == ".pdf":
        return text_from_pdf(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise ImportFileError(f"{path.name}: 文件为空")
    try:
        encoding = detect_encoding(raw[:262144], at_eof=len(raw) <= 262144)
    except ValueError as exc:
        raise ImportFileError(f"{path.name}: {exc}") from exc
    text = raw.decode(encoding, errors="replace")
    if suffix in {".html", ".htm"} or "<table" in text[:20000].lower():
        return text_from_html(text)
    return text
