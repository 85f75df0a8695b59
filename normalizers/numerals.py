"""Chinese numerals for the extractors: 十 → 10, 二十五 → 25, 两 → 2, 二〇二一 → 2021."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
           "柒": 7, "捌": 8, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

# A number as it appears in a notice: Arabic (with decimals) or Chinese numerals.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)"
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


def _small(text: str) -> int:
    """Value of a numeral below 万 (十二, 三百零五, 两千)."""
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            total += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(ch)
    return total + (digit or 0)


def parse_number(text: str) -> float | None:
    """Read an Arabic or Chinese numeral; None when `text` is not one.

    >>> [parse_number(s) for s in ["十", "二十五", "两", "十二", "三百零五", "五千万", "1.5", "一亿"]]
    [10, 25, 2, 12, 305, 50000000, 1.5, 100000000]
    >>> parse_number("二〇二一")
    2021
    >>> parse_number("abc") is None
    True
    """
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")  # thousands separators: 5,000
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        value = float(text)
        return int(value) if value.is_integer() and "." not in text else value
    # Digit by digit, as years are written: 二〇二一.
    if len(text) > 1 and all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    try:
        total, rest = 0, text
        for unit in ("亿", "万"):
            if unit in rest:
                head, rest = rest.split(unit, 1)
                total += (_small(head) if head else 1) * _BIG_UNITS[unit]
        total += _small(rest) if rest else 0
    except (ValueError, KeyError):
        return None
    return total


def parse_int(text: str) -> int | None:
    value = parse_number(text)
    return int(value) if value is not None and float(value).is_integer() else None
