"""Categories, numbered directions and the thresholds that define some of them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extractor.structure import patterns as P
from models import Category, Direction, Evidence, Threshold
from normalizers.numerals import NUMBER, parse_number

# 1.数字创意内容和服务。…  — at a line start or right after a sentence (run-on web text).
_ITEM = re.compile(r"(?:^|(?<=[。；]))[ \t]*(?P<num>\d{1,2})[.．、](?!\d)[ \t]*(?P<title>[^。\n；]{2,40}?)。", re.M)
# （一）用户过亿信息消费大平台。…  — directions named by a parenthesised Chinese numeral.
_H2_ITEM = re.compile(rf"^[ \t]*[（(](?P<num>[{P.CN_DIGITS}]{{1,3}})[）)][ \t]*(?P<title>[^。\n]{{2,40}}?)。", re.M)
_H2_LINE = re.compile(
    rf"^[ \t]*(?:[（(](?P<num>[{P.CN_DIGITS}]{{1,3}})[）)]|第(?P<num2>[{P.CN_DIGITS}]{{1,3}})类\s*[：:])"
    rf"[ \t]*(?P<title>[^。\n；，]{{2,30}})[ \t]*$",
    re.M,
)

# A parenthesised heading run into the text (web scrapes): it ends the direction before it.
_INLINE_H2 = re.compile(rf"(?<=[。；])[ \t]*[（(][{P.CN_DIGITS}]{{1,3}}[）)]")

_COMPARATORS = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "达到": ">=", "以上": ">=",
    "超过": ">", "高于": ">", "大于": ">",
    "不超过": "<=", "不高于": "<=", "不大于": "<=", "以下": "<=",
    "低于": "<", "小于": "<", "少于": "<",
}
_UNITS = "亿元|万元|元|亿人|万人|亿|万|平方米|平米|人次|人|家|个|项|年|%"
_THRESHOLD = re.compile(
    rf"(?P<qual>原则上|至少|须|应)?\s*(?P<cmp>{'|'.join(sorted(_COMPARATORS, key=len, reverse=True))})"
    rf"\s*(?P<num>{NUMBER})\s*(?P<unit>{_UNITS})"
)
_QUANTITY_CUT = re.compile(r".*(?:是指|指|其|且|即|要求|应当|应)")
_QUALIFIERS = ("原则上", "至少")


@dataclass
class DirectionFinding:
    categories: list[Category]
    directions: list[Direction]


def _sections(text: str) -> list[tuple[str, int, int]]:
    heads = [(m.group(2).strip(), m.start(), m.end()) for m in P.H1.finditer(text)]
    out = []
    for i, (title, s, _e) in enumerate(heads):
        end = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        out.append((title, s, end))
    return out


def _consecutive(items: list[re.Match[str]], number: Callable[[re.Match[str]], int | None]) -> list[re.Match[str]]:
    """The longest run of items numbered 1, 2, 3 … in order (numbers elsewhere are noise)."""
    best: list[re.Match[str]] = []
    run: list[re.Match[str]] = []
    for m in items:
        n = number(m)
        if n == 1:
            run = [m]
        elif run and n == number(run[-1]) + 1:  # type: ignore[operator]
            run.append(m)
        else:
            continue
        if len(run) > len(best):
            best = list(run)
    return best


def thresholds(desc: str, base: int, evidence: Callable[[int, int], Evidence]) -> list[Threshold]:
    out: list[Threshold] = []
    for m in _THRESHOLD.finditer(desc):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        # The measured quantity: the phrase before the comparator, back to the clause start.
        clause_start = max(desc.rfind(ch, 0, m.start()) for ch in "，。；、：\n") + 1
        quantity = desc[clause_start : m.start()].strip()
        quantity = _QUANTITY_CUT.sub("", quantity)
        qualifier = m.group("qual") or ""
        for q in _QUALIFIERS:
            if quantity.endswith(q):
                quantity, qualifier = quantity[: -len(q)], q
        if qualifier not in _QUALIFIERS:
            qualifier = ""
        if not quantity or len(quantity) > 30:
            continue
        out.append(Threshold(quantity=quantity, comparator=_COMPARATORS[m.group("cmp")], value=value,
                             unit=m.group("unit"), qualifier=qualifier,
                             evidence=evidence(base + clause_start, base + m.end())))
    return out


def find_directions(text: str, evidence: Callable[[int, int], Evidence],
                    keywords: Callable[[str], list[str]] | None = None) -> DirectionFinding:
    """Directions in the content section (…内容) of `text`, or in the whole text without one."""
    regions = [(s, e) for title, s, e in _sections(text) if "内容" in title]
    found: list[tuple[int, int, re.Match[str], bool]] = []  # (region start, region end, match, numbered)
    for s, e in regions or [(0, len(text))]:
        items = _consecutive(list(_ITEM.finditer(text, s, e)), lambda m: int(m.group("num")))
        if items:
            found += [(s, e, m, True) for m in items]
    if not found:
        for s, e in regions:
            items = _consecutive(list(_H2_ITEM.finditer(text, s, e)), lambda m: parse_number(m.group("num")))  # type: ignore[arg-type,return-value]
            found += [(s, e, m, False) for m in items]
    if not found and regions:
        items = _consecutive(list(_ITEM.finditer(text)), lambda m: int(m.group("num")))
        found = [(0, len(text), m, True) for m in items]
    categories: list[Category] = []
    cat_at: list[tuple[int, str]] = []
    for s, e in sorted({(s, e) for s, e, _m, numbered in found if numbered}):
        for cm in _H2_LINE.finditer(text, s, e):
            categories.append(Category(number=len(categories) + 1, title=cm.group("title").strip(),
                                       evidence=evidence(cm.start("title"), cm.end("title"))))
            cat_at.append((cm.start(), categories[-1].title))
    inline_h2 = {m.start() for m in _INLINE_H2.finditer(text)}
    stops = sorted({m.start() for _s, _e, m, _n in found} | {c for c, _t in cat_at} | inline_h2
                   | {h.start() for h in P.H1.finditer(text)} | {e for _s, e, _m, _n in found})
    directions: list[Direction] = []
    for _s, e, m, numbered in found:
        desc_start = m.end()
        desc_end = min([x for x in stops if x > m.start()] + [e])
        desc = text[desc_start:desc_end].strip()
        category = None
        for pos, title in cat_at:
            if pos < m.start():
                category = title
        number = int(m.group("num")) if numbered else int(parse_number(m.group("num")) or 0)
        title = m.group("title").strip()
        directions.append(Direction(
            number=number, title=title, category=category, description=desc,
            keywords=keywords(title + "。" + desc) if keywords else [],
            thresholds=thresholds(text[m.start():desc_end], m.start(), evidence),
            evidence=evidence(m.start("title"), m.end("title")),
        ))
    return DirectionFinding(categories, directions)
