"""Recommendation quotas: who may recommend how many projects, for which direction."""

from __future__ import annotations

import re
from collections.abc import Callable

from models import Evidence, Quota
from normalizers.numerals import NUMBER, parse_int

_LIMIT = re.compile(
    rf"不(?:超过|多于|得超过|大于)\s*(?P<num>{NUMBER})\s*(?:个|项)|以\s*(?P<num2>{NUMBER})\s*(?:个|项)为限"
)
_NO_LIMIT = re.compile(r"(?:推荐)?不(?:作|做|设)(?:推荐)?数量(?:要求|限制|上限)")
_DIRECTIONS = re.compile(r"((?:[“\"「][^”\"」]{2,30}[”\"」][、和及与]?)+)\s*方向")
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,30})[”\"」]")
_DEFINED_TERM = re.compile(r"[（(]以[下上](?:统|简)称[“\"]?([^）)”\"]{2,10})[”\"]?[）)]")
_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_OVERFLOW = re.compile(r"[^（）()。；]*按顺序选取[^（）()。；]*")
# Words around the subject that are not part of who recommends.
_SUBJECT_NOISE = re.compile(r"工业和信息化主管部门|主管部门|推荐项目数量|推荐项目|推荐数量|推荐(?!单位)|额外|项目")
_DEPARTMENT = re.compile(r"(?<=[市省区州盟县])(?:经信局|经信委|经信厅|工信局|工业和信息化局|工业和信息化委员会|工业和信息化厅)")
_MODAL = re.compile(r"(?:可|应|须|要|均|原则上|在此基础上|在上述|按照|经本会|(?<=[市州区])为)")
_SUBJECT_PREFIX = re.compile(r"^(?:\d+[.．、]|[（(][一二三四五六七八九十]+[）)])?(?:其中|另外|此外|同时|除[^，、]{1,10}外|请|对|由)*各?")
_DISTRIBUTIVE = re.compile(r"^(?:每家|每个|每一|每)")
_UNITISH = re.compile(r"市|省|区|州|盟|县|企业|单位|兵团|城市|部门|会员")
_LIST_JOINERS = re.compile(r"(?:以及|及|和|与)")
_SENTENCE = re.compile(r"[^。\n]+[。\n]?")
_ASKED = re.compile(r"(?:^|[，；、])请?各([^，。；、]{1,12}?)(?:按照|要|应|组织|负责|可)")


def _clean_subject(raw: str) -> str:
    s = _PAREN.sub("", raw)
    m = list(re.finditer(r"方向|[：:]", s))
    if m:
        s = s[m[-1].end():]
    s = s.strip(" ，,、；;")
    s = _SUBJECT_PREFIX.sub("", s)
    cut = _MODAL.search(s)
    if cut:
        s = s[: cut.start()]
    s = _SUBJECT_NOISE.sub("", s)
    s = _DEPARTMENT.sub("", s)
    s = _LIST_JOINERS.sub("、", s)
    s = re.sub(r"、各", "、", s)
    s = re.sub(r"各$", "", s)
    return s.strip(" ，,、")


def _lookback_subject(clauses: list[str]) -> str:
    """The subject of an earlier clause: 杭州、湖州、温州为信息消费示范城市，可… → 杭州、湖州、温州."""
    for clause in reversed(clauses):
        head = re.split(r"为|作为|是", clause, maxsplit=1)[0]
        subj = _clean_subject(head)
        if subj and _UNITISH.search(subj) and not _DISTRIBUTIVE.match(subj):
            return subj
    return ""


def find_quotas(text: str, evidence: Callable[[int, int], Evidence],
                resolve_city: Callable[[str], str | None] | None = None) -> list[Quota]:
    quotas: list[Quota] = []
    defined = None
    for dm in _DEFINED_TERM.finditer(text):
        if "单位" in dm.group(1):
            defined = dm.group(1)
    last_subject: str | None = None
    previous_sentences: list[str] = []
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group(0)
        base = sm.start()
        # A limit says 不… or …为限, an asked subject 各…: most sentences have neither, and
        # looking for one character first spares them the patterns.
        hits = sorted([(m, True) for m in _LIMIT.finditer(sentence)] + [(m, False) for m in _NO_LIMIT.finditer(sentence)],
                      key=lambda h: h[0].start()) if "不" in sentence or "为限" in sentence else []
        subj_m = _ASKED.search(sentence) if "各" in sentence else None
        if subj_m and not hits:
            last_subject = subj_m.group(1)
        if not hits or ("推荐" not in sentence and "申报" not in sentence):
            previous_sentences.append(sentence)
            continue
        directions: list[str] = []
        prev_end = 0
        for m, limited in hits:
            clause = sentence[prev_end : m.start()]
            clause_start = prev_end
            cut = max(clause.rfind("，"), clause.rfind("；"), clause.rfind("、其他"))
            earlier: list[str] = [c for c in re.split(r"[，；]", sentence[:prev_end + max(cut, 0)]) if c.strip()]
            if cut > 0 and _clean_subject(clause[cut + 1 :]):
                clause_start = prev_end + cut + 1
                clause = clause[cut + 1 :]
            dmatches = list(_DIRECTIONS.finditer(sentence, 0, m.start()))
            if dmatches:
                directions = _QUOTED.findall(dmatches[-1].group(1))
            subject = _clean_subject(clause)
            if subject and _DISTRIBUTIVE.match(subject):
                # 每家企业 / 每个设区市: the same units as an earlier, more specific subject if any.
                noun = _DISTRIBUTIVE.sub("", subject)
                before = _lookback_subject(earlier) or _lookback_subject(previous_sentences[-3:])
                subject = before if before.endswith(noun) else noun
            elif subject and not _UNITISH.search(subject):
                subject = _lookback_subject(earlier) or _lookback_subject(previous_sentences[-3:])
            extra = "额外" in clause
            after = re.split(r"[；。]", sentence[m.end():], maxsplit=1)[0]
            note, overflow = "", ""
            pm = re.match(r"\s*[（(]([^（）()]*)[）)]", after)
            if pm:
                if "按顺序" in pm.group(1):
                    overflow = pm.group(1)
                else:
                    note = pm.group(1)
            if not overflow and "按顺序" in after:
                om = _OVERFLOW.search(after)
                overflow = om.group(0).strip("，、 ") if om else ""
            if not subject:
                subject = defined or last_subject or ""
            cities: list[str] = []
            if resolve_city:
                parts = [p for p in re.split(r"[、，]", subject) if p]
                resolved = [resolve_city(p) for p in parts]
                if parts and all(resolved):
                    cities = [r for r in resolved if r]
            num = (m.group("num") or m.group("num2")) if limited else None
            for direction in directions or [None]:
                quotas.append(Quota(
                    recommender=subject, limit=parse_int(num) if num else None,
                    direction=direction, extra=extra, cities=cities, note=note, overflow_rule=overflow,
                    evidence=evidence(base + clause_start, base + m.end()),
                ))
            prev_end = m.end() + (pm.end() if pm else 0)
        previous_sentences.append(sentence)
    return quotas
