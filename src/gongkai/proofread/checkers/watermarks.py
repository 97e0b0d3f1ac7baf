"""Watermarks of other platforms in images (the 2023 bulletin: images carried 公众号 watermarks).

The text is what OCR read off an image, one line a line. A picture taken from a WeChat account, a
头条号 or a 抖音 video carries the account's mark ("微信公众号：新乡发布", "头条号 @某某", "抖音号：123");
a government site should publish its own pictures, or credit the source in the text, not in a
burnt-in mark. The platform names are data here because they change slowly; an office adds its own
through the lexicon.
"""

import re

from gongkai.proofread.checkers.hits import MEDIUM, Hit

PLATFORMS = (
    "微信公众号", "公众号", "微信号", "视频号", "头条号", "今日头条", "抖音号", "抖音", "快手号",
    "快手", "百家号", "企鹅号", "网易号", "搜狐号", "大鱼号", "一点号", "微博", "小红书",
)  # fmt: skip
# A platform name, optionally followed by the account ("：新乡发布", "@某某", "ID 123"), or an
# "@account" mark on its own, as these platforms print them.
_MARK = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, PLATFORMS), key=len, reverse=True)) + ")"
    r"(?:\s*(?:[:：@]|ID|id)\s*[^\s，。,;；]{1,20})?"
    r"|@[\u4e00-\u9fffA-Za-z0-9_]{2,20}"
)


def check_watermarks(text: str) -> list[Hit]:
    return [
        Hit(
            m.start(),
            m.end(),
            m.group(),
            "image",
            MEDIUM,
            "使用本单位自有图片，或去除水印后在正文注明来源",
            f"图片带有其他平台的水印“{m.group()}”",
            "watermark",
        )
        for m in _MARK.finditer(text)
    ]
