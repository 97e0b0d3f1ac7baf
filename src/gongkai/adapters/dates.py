"""Dates as exports and ledgers write them (pure): 2023-01-05, 2023/1/5, 2023年1月5日, Excel serials."""

import re
import unicodedata
from datetime import date, datetime, timedelta

EXCEL_EPOCH = date(1899, 12, 30)
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)

_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$"
)


def parse_date(value: object) -> date:
    """A publication date from the forms exports use; ValueError with a Chinese reason otherwise."""
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parsed = excel_serial_date(value)
    else:
        text = str(value).strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                parsed = date.fromisoformat(text)
            except ValueError:
                raise ValueError("不是有效的日期") from None
        elif text.isdigit() and 4 <= len(text) <= 6:
            parsed = excel_serial_date(int(text))
        elif text.isdigit() and len(text) == 8:
            parsed = _ymd(text[:4], text[4:6], text[6:])
        else:
            match = _DATE_TEXT.match(unicodedata.normalize("NFKC", text))
            if not match:
                raise ValueError("无法识别的日期格式（应为 2023-01-05、2023/1/5 或 2023年1月5日）")
            parsed = _ymd(*match.groups())
    if not EARLIEST <= parsed <= LATEST:
        raise ValueError(f"日期 {parsed.isoformat()} 超出合理范围")
    return parsed


def _ymd(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError("不是有效的日期") from None


def excel_serial_date(serial: float) -> date:
    """Excel's 1900 date system, as WPS and Excel store dates in cells without a date format."""
    if not 1 <= serial < 2958466:
        raise ValueError("不是有效的 Excel 日期序号")
    return EXCEL_EPOCH + timedelta(days=int(serial))
