"""The shapes of GB/T 9704 official-document elements, as regular expressions. One place for all."""

from __future__ import annotations

import re

from normalizers.numerals import parse_int

CN_DIGITS = "零〇○一二两三四五六七八九十"
HAN = "\u3400-\u9fff"

# 工信厅信发函〔2021〕27号; any bracket variant: [2021] ［2021］ (2021) 【2021】 〔2021〕
# The prefix is possessive: what follows it is never Han, so giving characters back never helps,
# and not trying to makes a scan of a notice 3× faster.
_DOC_PREFIX = 14  # characters at most in the issuer's prefix
# What follows the prefix (and any spaces): where a scan can look for a document number.
_DOC_TAIL = r"[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*(?P<seq>\d{1,4})\s*号"
DOC_NUMBER = re.compile(rf"(?P<prefix>[{HAN}]{{1,{_DOC_PREFIX}}}+)\s*{_DOC_TAIL}")
_DOC_NUMBER_TAIL = re.compile(_DOC_TAIL)


def matches_before(pattern: re.Pattern[str], tail: re.Pattern[str], reach: int, text: str) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds, for a pattern that is at most `reach` characters, then
    spaces, then what `tail` matches, looked for only just before each tail. Such a pattern opens
    on a run of Chinese characters, which `re` would otherwise try from every one of them."""
    found: list[re.Match[str]] = []
    end = 0
    for t in tail.finditer(text):
        i = t.start()
        while i > end and text[i - 1].isspace():
            i -= 1
        m = pattern.search(text, max(end, i - reach), t.end())
        if m is not None and m.end() == t.end():
            found.append(m)
            end = m.end()
    return found


def doc_numbers(text: str) -> list[re.Match[str]]:
    """`DOC_NUMBER.finditer(text)`, fast: the prefix sits just before its bracket."""
    return matches_before(DOC_NUMBER, _DOC_NUMBER_TAIL, _DOC_PREFIX, text)


def normalize_doc_number(m: re.Match[str]) -> str:
    return f"{m.group('prefix')}〔{m.group('year')}〕{m.group('seq')}号"


# Heading levels of the body: 一、 / （一） / 1. / （1）
H1 = re.compile(rf"^[ \t]*([{CN_DIGITS}]{{1,3}})、[ \t]*(.*)$", re.M)
H2 = re.compile(rf"^[ \t]*[（(]([{CN_DIGITS}]{{1,3}})[）)][ \t]*(.*)$", re.M)
H3 = re.compile(r"^[ \t]*(\d{1,2})[.．、](?!\d)[ \t]*(.*)$", re.M)
H4 = re.compile(r"^[ \t]*[（(](\d{1,2})[）)][ \t]*(.*)$", re.M)

# Attachment section heads: 附件1 / 附件 1 / 附件 / 附 1 (alone on their line).
ATTACHMENT_HEAD = re.compile(r"^[ \t-]*附\s*(?P<full>件)?\s*(?P<num>\d{1,2})?[ \t]*$", re.M)
# The attachment list after the signature block: 附件：1. … 2. …
ATTACHMENT_LIST = re.compile(r"^[ \t\-•]*附\s*件\s*[：:]\s*(?P<rest>.*)$", re.M)
LIST_ITEM = re.compile(r"^[ \t\-•]*(?P<num>\d{1,2})\s*[.．、]\s*(?P<title>\S.*?)\s*$")

# 成文日期 and other dates: 2021年3月31日, 二〇二一年二月二十六日; a template's 二〇二一年 月 日 is blank.
CN_NUM = rf"[{CN_DIGITS}]{{1,4}}"
# The lookahead is implied by what follows (a date starts with a digit), but spelled out it spares
# every other character the alternatives: a scan of a notice is 4× faster.
DATE = re.compile(
    rf"(?=[\d{CN_DIGITS}])(?:(?P<y>\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*)?(?P<m>\d{{1,2}}|{CN_NUM})\s*月\s*(?P<d>\d{{1,2}}|{CN_NUM})\s*[日号]"
)
BLANK_DATE = re.compile(rf"^[ \t]*(?:\d{{4}}|[{CN_DIGITS}]{{4}}|_+)\s*年[\s_]*月[\s_]*日[ \t]*$", re.M)
DATE_LINE = re.compile(
    rf"^[ \t]*(?P<y>\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|{CN_NUM})\s*月\s*(?P<d>\d{{1,2}}|{CN_NUM})\s*日[ \t]*$",
    re.M,
)

DISCLOSURE = re.compile(
    r"^[ \t]*[（(]?(?:(?:信息公开属性|公开方式|公开属性)\s*[：:]\s*(?P<value>[^\s（）()]+)"
    r"|此件(?P<value2>公开发布|不予公开|依申请公开|不公开))",
    re.M,
)
RECIPIENTS = re.compile(r"^[ \t]*(?P<value>(?:各|[^\n，。]{0,10}(?:委|厅|局|部|司|办|单位))[^\n。]{0,200}?)[：:][ \t]*$", re.M)


def date_iso(y: str | None, m: str, d: str, default_year: int | None = None) -> str | None:
    """ISO date from the parts of a DATE match; None when a part is not a number or out of range."""
    year = parse_int(y) if y else default_year
    month, day = parse_int(m), parse_int(d)
    if year is None or month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
