"""Small PDFs with a Chinese text layer, written by hand for tests: every character is a CID equal to
its code point, and a ToUnicode map tells readers which text it is (no font file is needed)."""

import textwrap
from pathlib import Path

LINES_PER_PAGE = 50
CHARS_PER_LINE = 40


def _cmap(chars: list[str]) -> bytes:
    blocks = []
    for start in range(0, len(chars), 100):  # a bfchar block holds at most 100 entries
        chunk = chars[start : start + 100]
        entries = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{entries}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + "\n".join(blocks) + "\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def write_text_pdf(path: Path, text: str) -> Path:
    lines = []
    for raw in text.replace("\t", "  ").splitlines():
        lines.extend(textwrap.wrap(raw, CHARS_PER_LINE) or [""])
    chars = sorted({c for line in lines for c in line} - {" "} | {" "})
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    # 1 catalog, 2 pages, 3 font, 4 descendant, 5 ToUnicode, 6 descriptor, then (page, content) pairs.
    objects = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>",
        _stream(_cmap(chars)),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    kids = []
    for page in pages:
        body = ["BT /F1 12 Tf 14 TL 40 800 Td"]
        body += ["<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj T*" for line in page]
        body.append("ET")
        page_number, content_number = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_number} 0 R")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % content_number
        )
        objects.append(_stream("\n".join(body).encode()))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
