"""Quotas, demonstration cities, deadlines and submission requirements of two notices, compared.

Quotas are compared per recommending unit: 计划单列市和新疆生产建设兵团 ≤ 6 against
计划单列市、新疆生产建设兵团、中央企业 ≤ 5 is a limit change for two units and a new quota for the
third. A defined term (（以下统称推荐单位）) is expanded to the units it names, read from the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from rapidfuzz import fuzz

from extractor.textdiff import fold
from models import CityList, Deadline, Evidence, Notice, Quota
from models.diff import (
    CityChanges,
    CityRef,
    DeadlineChange,
    DeclaredCount,
    QuotaChange,
    RequirementChange,
    TierMove,
)

# The bracket is found first (it starts on a literal); the units it names are the clause before
# it, back to the last stop, at most 120 characters. A pattern that started on the clause would
# try every position of the text with up to 120 characters each (115 ms on a full notice).
_DEFINED_AS = re.compile(r"[（(]以下(?:统称|简称|称)[“\"「]?(?P<term>[^）)”\"」]{2,12})[”\"」]?[）)]")
_STOP = re.compile(r"[。；：:\n]")
_MAX_BODY = 120
_ENUMERATOR = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])\s*")
_UNIT_NOISE = re.compile(r"工业和信息化主管部门|主管部门|负责组织.*$")
_UNIT_SPLIT = re.compile(r"[、，,；;]|以及|及|和|与")
TIER_MATCH = 80


def defined_terms(text: str | None) -> dict[str, str]:
    """Terms a notice defines for itself: （以下统称推荐单位） → the units named before it."""
    out: dict[str, str] = {}
    text = text or ""
    end = 0  # a clause never reaches back over an earlier bracket
    for m in _DEFINED_AS.finditer(text):
        body = _STOP.split(text[end : m.start()].rstrip()[-_MAX_BODY:])[-1]
        end = m.end()
        if len(body) < 2:
            continue
        body = body[max(body.rfind("，"), body.rfind(","), -1) + 1 :]
        out[m.group("term").strip()] = _ENUMERATOR.sub("", body).strip()
    return out


def units(recommender: str, terms: dict[str, str]) -> list[str]:
    """The recommending units a quota names: 省、自治区和直辖市 → [省, 自治区, 直辖市]."""
    text = terms.get(recommender.strip(), recommender)
    text = _UNIT_NOISE.sub("", text)
    out: list[str] = []
    for part in _UNIT_SPLIT.split(text):
        part = re.sub(r"^各", "", part.strip())
        if part and part not in out:
            out.append(part)
    return out


def _cells(quotas: Sequence[Quota], terms: dict[str, str], direction_map: dict[str, str] | None
           ) -> dict[tuple[str, bool], dict[str | None, Quota]]:
    """(unit, extra) → direction (in the new notice's titles; None = all) → the quota."""
    cells: dict[tuple[str, bool], dict[str | None, Quota]] = {}
    for q in quotas:
        direction = q.direction
        if direction is not None and direction_map is not None:
            direction = direction_map.get(direction, direction)
        for u in units(q.recommender, terms):
            cells.setdefault((u, q.extra), {}).setdefault(direction, q)
    return cells


def _unit_key(u: str, known: Sequence[str]) -> str:
    """The same unit written slightly differently (兵团 / 新疆生产建设兵团) is one unit."""
    for k in known:
        if u == k or (min(len(u), len(k)) >= 2 and fuzz.ratio(u, k) >= 90):
            return k
    return u


def compare_quotas(old: Sequence[Quota], new: Sequence[Quota], old_text: str | None, new_text: str | None,
                   direction_map: dict[str, str]) -> list[QuotaChange]:
    """Quota changes between two editions, grouped back into recommender lists."""
    old_cells = _cells(old, defined_terms(old_text), direction_map)
    new_cells = _cells(new, defined_terms(new_text), None)
    known = [u for u, _ in new_cells]
    old_cells = {(_unit_key(u, known), extra): v for (u, extra), v in old_cells.items()}
    raw: list[tuple[str, QuotaChange]] = []  # (unit, change for that unit)

    def pair(unit: str, extra: bool, direction: str | None, a: Quota, b: Quota) -> None:
        kind = "unchanged" if a.limit == b.limit else "limit_changed"
        base = {"recommender": unit, "direction": direction, "extra": extra, "old_limit": a.limit, "new_limit": b.limit,
                "old_evidence": a.evidence, "new_evidence": b.evidence, "note": b.note}
        raw.append((unit, QuotaChange(change=kind, **base)))
        if a.overflow_rule and not b.overflow_rule:
            raw.append((unit, QuotaChange(change="overflow_removed", old_overflow=a.overflow_rule, **base)))
        elif b.overflow_rule and not a.overflow_rule:
            raw.append((unit, QuotaChange(change="overflow_added", new_overflow=b.overflow_rule, **base)))

    for key in list(old_cells) + [k for k in new_cells if k not in old_cells]:
        unit, extra = key
        o, n = old_cells.get(key, {}), new_cells.get(key, {})
        if not n:
            for d, q in o.items():
                raw.append((unit, QuotaChange(change="extra_removed" if extra else "removed", recommender=unit, direction=d,
                                              extra=extra, old_limit=q.limit, old_overflow=q.overflow_rule,
                                              old_evidence=q.evidence)))
            continue
        if not o:
            for d, q in n.items():
                raw.append((unit, QuotaChange(change="extra_added" if extra else "added", recommender=unit, direction=d,
                                              extra=extra, new_limit=q.limit, new_overflow=q.overflow_rule,
                                              new_evidence=q.evidence, note=q.note)))
            continue
        used_old: set[str | None] = set()
        for d, q in n.items():
            # A rule for one direction is compared with the old rule for it, or else the old rule for all.
            a = o.get(d) if d in o else o.get(None) if d is not None else None
            if a is None and d is None and len(o) == 1:
                a = next(iter(o.values()))
            if a is None:
                raw.append((unit, QuotaChange(change="extra_added" if extra else "added", recommender=unit, direction=d,
                                              extra=extra, new_limit=q.limit, new_evidence=q.evidence, note=q.note)))
                continue
            used_old.add(d if d in o else None if None in o else next(iter(o)))
            pair(unit, extra, d, a, q)
        for d, q in o.items():
            if d not in used_old and d not in n and None not in n:
                raw.append((unit, QuotaChange(change="extra_removed" if extra else "removed", recommender=unit, direction=d,
                                              extra=extra, old_limit=q.limit, old_evidence=q.evidence)))
    return _group(raw)


def _group(raw: list[tuple[str, QuotaChange]]) -> list[QuotaChange]:
    """Units with the same change become one entry: 省、自治区、直辖市 10 → 5."""
    groups: dict[tuple[object, ...], QuotaChange] = {}
    for unit, c in raw:
        key = (c.change, c.direction, c.extra, c.old_limit, c.new_limit, c.old_overflow, c.new_overflow)
        if key in groups:
            g = groups[key]
            if unit not in g.recommender.split("、"):
                g.recommender += "、" + unit
        else:
            groups[key] = c.model_copy()
    return list(groups.values())


def forward_quotas(national: Sequence[Quota], forward: Sequence[Quota]) -> tuple[list[QuotaChange], int]:
    """What a forward does to the national quotas: overrides and additions (restatements are counted)."""
    out: list[QuotaChange] = []
    restated = 0
    for q in forward:
        same = [n for n in national if n.extra == q.extra and (n.direction == q.direction or n.direction is None)]
        if not same:
            out.append(QuotaChange(change="extra_added" if q.extra else "added", recommender=q.recommender, direction=q.direction,
                                   extra=q.extra, new_limit=q.limit, new_evidence=q.evidence, note=q.note,
                                   new_overflow=q.overflow_rule))
            continue
        n = same[0]
        if n.limit == q.limit and not q.overflow_rule:
            restated += 1
            continue
        out.append(QuotaChange(change="overridden", recommender=q.recommender, old_recommender=n.recommender,
                               direction=q.direction, extra=q.extra, old_limit=n.limit, new_limit=q.limit, note=q.note,
                               old_overflow=n.overflow_rule, new_overflow=q.overflow_rule,
                               old_evidence=n.evidence, new_evidence=q.evidence))
    return out, restated


def _tier_map(old: Sequence[CityList], new: Sequence[CityList]) -> dict[str, str]:
    out: dict[str, str] = {}
    for a in old:
        best = max(new, key=lambda b: fuzz.ratio(fold(a.tier), fold(b.tier)), default=None)
        if best is not None and fuzz.ratio(fold(a.tier), fold(best.tier)) >= TIER_MATCH:
            out[a.tier] = best.tier
    return out


def compare_cities(old: Sequence[CityList], new: Sequence[CityList]) -> CityChanges:
    """Cities added, removed and moved between tiers, and the counts the tier headings declare."""
    if not old and not new:
        return CityChanges()
    if not old or not new:
        # A document without any city list says nothing about cities; its absence is no removal.
        return CityChanges(list_only_in="new" if new else "old")
    tiers = _tier_map(old, new)
    old_at = {c.name: (cl, c) for cl in old for c in cl.cities}
    new_at = {c.name: (cl, c) for cl in new for c in cl.cities}
    out = CityChanges()
    for name, (cl, c) in new_at.items():
        if name not in old_at:
            out.added.append(CityRef(name=name, tier=cl.tier, province=c.province, evidence=c.evidence))
            continue
        ocl, oc = old_at[name]
        if tiers.get(ocl.tier, ocl.tier) != cl.tier:
            out.tier_changed.append(TierMove(name=name, old_tier=ocl.tier, new_tier=cl.tier,
                                             old_evidence=oc.evidence, new_evidence=c.evidence))
        else:
            out.unchanged += 1
    out.removed = [CityRef(name=name, tier=cl.tier, province=c.province, evidence=c.evidence)
                   for name, (cl, c) in old_at.items() if name not in new_at]
    by_new = {b.tier: b for b in new}
    for a in old:
        b = by_new.get(tiers.get(a.tier, ""))
        if b is None:
            continue
        if a.declared_count != b.declared_count:
            out.declared_counts.append(DeclaredCount(tier=b.tier, old=a.declared_count, new=b.declared_count,
                                                     old_listed=len(a.cities), new_listed=len(b.cities)))
    return out


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return (date.fromisoformat(b) - date.fromisoformat(a)).days if a and b else None  # type: ignore[arg-type]
    except ValueError:
        return None


def compare_deadlines(old: Sequence[Deadline], new: Sequence[Deadline]) -> list[DeadlineChange]:
    """Deadlines paired by date first, then by who must act and what (the rest: added or removed)."""
    out: list[DeadlineChange] = []
    rest_old, rest_new = list(old), list(new)
    for a in list(rest_old):
        b = next((d for d in rest_new if d.date == a.date), None)
        if b is not None:
            out.append(DeadlineChange(change="unchanged", old=a.date, new=b.date, old_actor=a.actor, new_actor=b.actor,
                                      action=b.action, days=0, old_evidence=a.evidence, new_evidence=b.evidence))
            rest_old.remove(a)
            rest_new.remove(b)
    from extractor.compare.align import hungarian

    weights = [[fuzz.token_set_ratio(a.actor + a.action, b.actor + b.action) / 100 + 0.01 for b in rest_new] for a in rest_old]
    pairs = hungarian(weights) if rest_old and rest_new else []
    for i, j in pairs:
        a, b = rest_old[i], rest_new[j]
        out.append(DeadlineChange(change="changed", old=a.date, new=b.date, old_actor=a.actor, new_actor=b.actor,
                                  action=b.action, days=_days(a.date, b.date), old_evidence=a.evidence, new_evidence=b.evidence))
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    out += [DeadlineChange(change="removed", old=a.date, old_actor=a.actor, action=a.action, old_evidence=a.evidence)
            for i, a in enumerate(rest_old) if i not in paired_old]
    out += [DeadlineChange(change="added", new=b.date, new_actor=b.actor, action=b.action, new_evidence=b.evidence)
            for j, b in enumerate(rest_new) if j not in paired_new]
    return out


def forward_deadlines(national: Sequence[Deadline], forward: Sequence[Deadline]) -> list[DeadlineChange]:
    """A forward's own deadlines, each with its distance to the national one (negative: earlier)."""
    out: list[DeadlineChange] = []
    for b in forward:
        if any(a.date == b.date for a in national):
            continue  # restated
        ref = min(national, key=lambda a: abs(_days(a.date, b.date) or 0), default=None)
        out.append(DeadlineChange(change="added", new=b.date, new_actor=b.actor, action=b.action, new_evidence=b.evidence,
                                  days=_days(ref.date, b.date) if ref else None))
    return out


def _submission_items(n: Notice) -> dict[tuple[str, str], Evidence | None]:
    """(field, value) → evidence, for everything a notice says about how and who may apply."""
    items: dict[tuple[str, str], Evidence | None] = {}
    s = n.submission
    if s is not None:
        if s.copies is not None:
            items[("copies", str(s.copies))] = s.evidence
        if s.paper:
            items[("paper", "纸质版")] = s.evidence
        if s.electronic:
            items[("electronic", "电子版")] = None
        for d in s.delivery:
            items[("delivery", d)] = None
    for e in n.eligibility:
        items[("eligibility", e.rule)] = e.evidence
    return items


def compare_requirements(old: Notice, new: Notice, forward: bool = False) -> tuple[list[RequirementChange], list[str]]:
    """Submission, eligibility and attachments; a forward only adds or overrides."""
    a, b = _submission_items(old), _submission_items(new)
    out: list[RequirementChange] = []
    notes: list[str] = []
    a_copies = next((v for f, v in a if f == "copies"), None)
    b_copies = next((v for f, v in b if f == "copies"), None)
    if a_copies and b_copies and a_copies != b_copies:
        out.append(RequirementChange(field="copies", change="changed", old=a_copies, new=b_copies,
                                     old_evidence=(a[("copies", a_copies)]), new_evidence=(b[("copies", b_copies)])))
    for key, ev in b.items():
        if key not in a and not (key[0] == "copies" and a_copies):
            out.append(RequirementChange(field=key[0], change="added", new=key[1], new_evidence=(ev)))
    if not forward:
        for key, ev in a.items():
            if key not in b and not (key[0] == "copies" and b_copies):
                if key[0] == "eligibility" and not new.eligibility:
                    continue  # a document stating no eligibility at all does not drop it
                out.append(RequirementChange(field=key[0], change="removed", old=key[1], old_evidence=(ev)))
    old_att = {fold(x.title): x for x in old.attachments}
    new_att = {fold(x.title): x for x in new.attachments}
    if forward:
        # The forwarded notice itself, listed as an attachment of the forward, is not an addition.
        own = [x for x in new.attachments if not (old.title and fuzz.partial_ratio(fold(x.title), fold(old.title)) >= 90)]
        out += [RequirementChange(field="attachment", change="added", new=x.title, new_evidence=x.evidence) for x in own]
    elif old_att and new_att:
        out += [RequirementChange(field="attachment", change="removed", old=x.title, old_evidence=x.evidence)
                for k, x in old_att.items() if k not in new_att]
        out += [RequirementChange(field="attachment", change="added", new=x.title, new_evidence=x.evidence)
                for k, x in new_att.items() if k not in old_att]
    elif old_att or new_att:
        notes.append(f"附件清单只见于{'新' if new_att else '旧'}文件（{len(new_att or old_att)} 件），不逐件计为增删")
    return out, notes
