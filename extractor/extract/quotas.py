"""Recommendation quotas: who may recommend how many projects, for which direction."""

from __future__ import annotations

import re
from collections.abc import Callable

from models import Evidence, Quota
from normalizers.numerals import NUMBER, parse_int

_LIMIT = re.compile(rf"不(?:超过|多于|得超过|大于)\s*(?P<num>{NUMBER})\s*(?:个|项)")
_NO_LIMIT = re.compile(r"不(?:作|做|设)推荐数量(?:要求|限制|上限)")
_DIRECTION = re.compile(r"[“\"「]([^”\"」]{2,30})[”\"」]\s*方向")
_DEFINED_TERM = re.compile(r"[（(]以下(?:统|简)称[“\"]?([^）)”\"]{2,10})[”\"]?[）)]")
_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_OVERFLOW = re.compile(r"[^（）()。；]*按顺序选取[^（）()。；]*")
_SUBJECT_NOISE = re.compile(
    r"工业和信息化主管部门|工业和信息化厅|主管部门|推荐项目数量|推荐项目|推荐数量|额外|可|均|分别|每个|为|要|应"
)
_SUBJECT_PREFIX = re.compile(r"^(?:其中|另外|此外|同时|请|各|对|由)+")
_SUBJECT_AFTER = re.compile(r"(?:方向|[：:])")
_LIST_JOINERS = re.compile(r"(?:及|和|与|以及)")
_SENTENCE = re.compile(r"[^。\n]+[。\n]?")


def _clean_subject(raw: str) -> str:
    s = _PAREN.sub("", raw)
    m = list(_SUBJECT_AFTER.finditer(s))
    if m:
        s = s[m[-1].end():]
    s = _SUBJECT_NOISE.sub("", s)
    s = s.strip(" ，,、；;")
    s = _SUBJECT_PREFIX.sub("", s)
    s = _LIST_JOINERS.sub("、", s)
    s = re.sub(r"、各", "、", s)
    return s.strip(" ，,、")


def find_quotas(text: str, evidence: Callable[[int, int], Evidence],
                resolve_city: Callable[[str], str | None] | None = None) -> list[Quota]:
    quotas: list[Quota] = []
    defined = None
    for dm in _DEFINED_TERM.finditer(text):
        if "单位" in dm.group(1):
            defined = dm.group(1)
    last_subject: str | None = None
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group(0)
        base = sm.start()
        subj_m = re.search(r"(?:^|[，；、])请?各([^，。；、]{1,12}?)(?:按照|要|应|组织|负责|可)", sentence)
        if subj_m and not (_LIMIT.search(sentence) or _NO_LIMIT.search(sentence)):
            last_subject = subj_m.group(1)
            continue
        hits = sorted([(m, True) for m in _LIMIT.finditer(sentence)] + [(m, False) for m in _NO_LIMIT.finditer(sentence)],
                      key=lambda h: h[0].start())
        if not hits:
            continue
        if "推荐" not in sentence and "申报" not in sentence:
            continue
        direction: str | None = None
        prev_end = 0
        for m, limited in hits:
            clause = sentence[prev_end : m.start()]
            clause_start = prev_end
            # A clause starts after the last comma/semicolon before it, unless that cuts the subject.
            cut = max(clause.rfind("，"), clause.rfind("；"), clause.rfind("、其他"))
            if cut > 0 and _clean_subject(clause[cut + 1 :]):
                clause_start = prev_end + cut + 1
                clause = clause[cut + 1 :]
            dmatches = list(_DIRECTION.finditer(sentence, 0, m.start()))
            if dmatches:
                direction = dmatches[-1].group(1)
            subject = _clean_subject(clause)
            extra = "额外" in clause
            after = re.split(r"[；。]", sentence[m.end():], maxsplit=1)[0]
            note = ""
            overflow = ""
            pm = re.match(r"\s*[（(]([^（）()]*)[）)]", after)
            if pm:
                if "按顺序" in pm.group(1):
                    overflow = pm.group(1)
                else:
                    note = pm.group(1)
            if not overflow:
                om = _OVERFLOW.search(after) if "按顺序" in after else None
                overflow = om.group(0).strip("，、 ") if om else ""
            if not subject:
                subject = defined or last_subject or ""
            cities: list[str] = []
            if resolve_city:
                parts = [p for p in re.split(r"[、，]", subject) if p]
                resolved = [resolve_city(p) for p in parts]
                if parts and all(resolved):
                    cities = [r for r in resolved if r]
            quotas.append(Quota(
                recommender=subject,
                limit=parse_int(m.group("num")) if limited else None,
                direction=direction, extra=extra, cities=cities, note=note, overflow_rule=overflow,
                evidence=evidence(base + clause_start, base + m.end()),
            ))
            prev_end = m.end()
            if pm:
                prev_end = m.end() + pm.end()
    return quotas
