"""PDF from .docx through LibreOffice, with the official font names mapped to installed fonts.

Office PCs have 方正小标宋简体, 仿宋_GB2312, 黑体 and 楷体_GB2312; this machine has free fonts of the same
styles. A fontconfig file maps each name to its stand-in (binding="same", so fontconfig treats it
as the font asked for) and LibreOffice runs with it; `pdffonts` then proves what was embedded, so a
silent fallback to a sans-serif font is an error, not a surprise.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# scripts/install-fonts puts the fonts no Debian package has into the checkout's .fonts/.
FONT_DIR = Path(os.environ.get("GONGKAI_FONT_DIR", Path(__file__).resolve().parents[3] / ".fonts"))
# Official name → the families that stand in for it here, best first.
ALIASES = {
    "方正小标宋简体": ["Noto Serif CJK SC"],
    "方正小标宋_GBK": ["Noto Serif CJK SC"],
    "仿宋_GB2312": ["FandolFang", "AR PL UMing CN"],
    "仿宋": ["FandolFang", "AR PL UMing CN"],
    "楷体_GB2312": ["FandolKai", "AR PL UKai CN"],
    "楷体": ["FandolKai", "AR PL UKai CN"],
    "黑体": ["Noto Sans CJK SC"],
    "宋体": ["Noto Serif CJK SC"],
}
# What each official font may become in the PDF; anything else is a fallback.
EXPECTED = ("NotoSerifCJK", "NotoSansCJK", "Fandol", "ARPLU", "AR-PL", "UMing", "UKai")
TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """The PDF could not be made, or would not look like the document (missing fonts)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_text(font_dir: Path = FONT_DIR) -> str:
    aliases = []
    for name, families in ALIASES.items():
        prefer = "".join(f"<family>{f}</family>" for f in families)
        aliases.append(
            f'<alias binding="same"><family>{name}</family><prefer>{prefer}</prefer></alias>'
        )
    # 小标宋 is a heavy face: ask its stand-in for bold.
    heavy = (
        '<match target="pattern"><test name="family"><string>方正小标宋简体</string></test>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
    )
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{font_dir}</dir>{heavy}{''.join(aliases)}</fontconfig>"
    )


def docx_to_pdf(source: Path, target: Path) -> Path:
    """Convert with LibreOffice (headless, own profile), then check the embedded fonts."""
    program = soffice()
    if program is None:
        raise PdfError("未安装 LibreOffice（make install 会安装 libreoffice-writer-nogui）")
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as work:
        work_dir = Path(work)
        config = work_dir / "fonts.conf"
        config.write_text(fontconfig_text(), encoding="utf-8")
        environment = {
            **os.environ,
            "FONTCONFIG_FILE": str(config),
            "HOME": str(work_dir),
        }
        command = [
            program,
            f"-env:UserInstallation=file://{work_dir}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            str(source),
        ]
        try:
            subprocess.run(
                command, env=environment, capture_output=True, timeout=TIMEOUT_SECONDS, check=True
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"{source.name}: LibreOffice 转换超时") from None
        except subprocess.CalledProcessError as exc:
            raise PdfError(
                f"{source.name}: LibreOffice 转换失败：{exc.stderr.decode()[-300:]}"
            ) from None
        produced = work_dir / f"{source.stem}.pdf"
        if not produced.exists():
            raise PdfError(f"{source.name}: LibreOffice 未生成 PDF")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), target)
    check_fonts(target)
    return target


def embedded_fonts(pdf: Path) -> list[str]:
    """Font names embedded in a PDF (pdffonts), without the subset prefix."""
    if shutil.which("pdffonts") is None:
        raise PdfError("未安装 poppler-utils（pdffonts）")
    output = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    names = []
    for line in output.splitlines()[2:]:
        name = line.split()[0] if line.split() else ""
        names.append(name.split("+", 1)[-1])
    return names


def check_fonts(pdf: Path) -> list[str]:
    """Every embedded font must be a stand-in we chose; a fallback means a font is missing here."""
    names = embedded_fonts(pdf)
    unexpected = [n for n in names if not any(n.startswith(e) for e in EXPECTED)]
    if unexpected:
        raise PdfError(
            f"{pdf.name}: 使用了替代字体 {'、'.join(sorted(set(unexpected)))}，"
            "说明缺少对应的中文字体（运行 make install 安装字体）"
        )
    return names
