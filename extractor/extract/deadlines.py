"""Deadlines: 于2021年3月31日前 / 8月31日前 / 二〇二四年六月三十日前, with who must do what."""

from __future__ import annotations

import re
from collections.abc import Callable

from extractor.structure import patterns as P
from models import Deadline, Evidence

# 前, possibly after a weekday and a time: 6月3日（星期一）下午5时前
_BEFORE = re.compile(
    r"\s*(?:[（(](?:星期|周)[一二三四五六日天][）)])?\s*(?:(?:上午|下午|中午|晚上)?\s*\d{1,2}(?:[:：]\d{2}|时|点)(?:\d{1,2}分)?)?"
    r"\s*(?:前|之前|以前|截止|为止)"
)
_AFTER_MARK = re.compile(r"(?:截止|截至|不晚于|最迟)\s*(?:日期|时间)?\s*[为：:]?\s*$")
_ACTOR = re.compile(r"(?:请|由)?(?P<actor>[^，。；：:（）()\n]{2,60}?)(?:须|应|务必|要)?\s*(?:于|在)\s*$")
_SENTENCE_ACTOR = re.compile(
    r"(?:^|[、：:])\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[.．])?\s*请?"
    r"(?P<actor>各[^，。；《（(\n]{1,30}?)(?:填写|按照|于|将|要|应|须|在|对)"
)
_ACTION = re.compile(r"^\s*(?:将|把)?(?P<action>[^，。；\n]{2,80})")


def find_deadlines(text: str, evidence: Callable[[int, int], Evidence], default_year: int | None) -> list[Deadline]:
    out: list[Deadline] = []
    seen: set[str] = set()
    for m in P.DATE.finditer(text):
        before, after = text[max(0, m.start() - 20) : m.start()], text[m.end() : m.end() + 24]
        if not (_BEFORE.match(after) or _AFTER_MARK.search(before)):
            continue
        inferred = m.group("y") is None
        iso = P.date_iso(m.group("y"), m.group("m"), m.group("d"), default_year)
        if iso is None:
            continue
        sent_start = max(text.rfind(ch, 0, m.start()) for ch in "。；\n") + 1
        head = text[sent_start : m.start()]
        am = _ACTOR.search(head)
        actor = am.group("actor").strip() if am else ""
        actor = re.sub(r"^(?:[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[）)])", "", actor)
        actor = re.sub(r"^(?:请|并|由)", "", actor)
        if not actor:
            # "请各地市填写《…》，于8月31日前…": the one asked is named at the sentence start.
            sm = _SENTENCE_ACTOR.search(head)
            actor = sm.group("actor") if sm else ""
        bm = _BEFORE.match(after)
        tail_start = m.end() + (bm.end() if bm else 0)
        tm = _ACTION.match(text[tail_start : tail_start + 120])
        action = re.sub(r"[（(][^（）()]*[）)]", "", tm.group("action")) if tm else ""
        action = re.split(r"[（(]", action, maxsplit=1)[0].strip()  # an unclosed aside runs past the window
        if iso + actor in seen:
            continue
        seen.add(iso + actor)
        out.append(Deadline(date=iso, actor=actor, action=action, year_inferred=inferred,
                            evidence=evidence(m.start(), m.end() + (bm.end() if bm else 0))))
    return out
