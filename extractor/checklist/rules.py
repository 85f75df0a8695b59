"""The reviewer's checklist: every rule the notice and its form state, checked on one application.

Each rule is a function from (application, form, notice context) to checklist items. The numbers
and words a rule needs (limits, thresholds, deadlines, options, conditions) come from the form
schema and the notice record, never from this file; what is here is how to check a kind of rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from extractor.checklist import codes
from extractor.checklist.context import NoticeContext, place_of
from extractor.forms import text as T
from extractor.forms.reader import role_field
from models import Application, Checklist, ChecklistItem, Direction, Evidence, FieldValue, FormField, FormTemplate, Notice

PASS, FAIL, REVIEW, NA = "pass", "fail", "needs_review", "not_applicable"
_LATIN_RUN = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*")
_CMP = {">=": ("不低于", lambda a, b: a >= b), ">": ("高于", lambda a, b: a > b),
        "<=": ("不超过", lambda a, b: a <= b), "<": ("低于", lambda a, b: a < b)}
_ONE_DIRECTION = re.compile(r"(?:限|只能|仅)(?:填|报|选|勾选|申报)?[一1]个(?:方向|领域)")

Rule = Callable[[Application, FormTemplate, NoticeContext], list[ChecklistItem]]


def _value(app: Application, key: str) -> FieldValue:
    return app.fields.get(key) or FieldValue(label=key, value="", key=key)


def _answered(fv: FieldValue) -> bool:
    return bool(fv.value or fv.ticked or fv.other or fv.unclear)


def _item(id: str, rule: str, status: str, evidence: Evidence | None = None, clause: Evidence | None = None,
          reason: str = "", fields: list[str] | None = None) -> ChecklistItem:
    return ChecklistItem(id=id, rule=rule, status=status, evidence=evidence, clause=clause, reason=reason,
                         fields=fields or [])


# --- the rules ----------------------------------------------------------------------------------

def required_fields(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    wanted = [f for f in tpl.fields if f.required and not f.condition]
    if not wanted:
        return []
    missing = [f for f in wanted if not _answered(_value(app, f.key))]
    clause = tpl.clauses.get("all_required")
    rule = "除另有说明外，申报表中栏目不得空缺：每个栏目均已填写"
    if not missing:
        return [_item("required_fields", rule, PASS, clause=clause, reason=f"{len(wanted)} 个栏目均已填写")]
    first = _value(app, missing[0].key)
    names = "、".join(f.key for f in missing)
    return [_item("required_fields", rule, FAIL, first.evidence, clause, f"空缺：{names}", [f.key for f in missing])]


def word_limits(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    out = []
    for f in tpl.fields:
        if not f.word_limit:
            continue
        fv = _value(app, f.key)
        rule = f"“{f.name}”不超过{f.word_limit}字"
        text = re.sub(r"\s+", "", fv.value)
        if not text:
            out.append(_item(f"word_limit:{f.name}", rule, NA, fv.evidence, f.limit_evidence, "栏目为空"))
            continue
        chars, words = len(text), word_count(text)
        if chars <= f.word_limit:
            status, reason = PASS, f"{chars} 字"
        elif words <= f.word_limit:
            # Counted character by character it is over; counted as Word's 字数 (a run of digits or
            # Latin letters is one) it is not. The notice does not say which: a reviewer decides.
            status, reason = REVIEW, f"按字符计 {chars} 字，超过 {f.word_limit}；按 Word 字数计 {words} 字，未超过：需人工确定计数口径"
        else:
            status, reason = FAIL, f"{chars} 字（按 Word 字数计 {words} 字），超过 {f.word_limit} 字"
        out.append(_item(f"word_limit:{f.name}", rule, status, fv.evidence, f.limit_evidence, reason))
    return out


def word_count(text: str) -> int:
    """字数 as Word counts it: each Chinese character or punctuation mark is one, so is each run of digits or Latin letters.

    >>> word_count("项目总投资3200万元，5G+云渲染")
    14
    """
    t = re.sub(r"\s+", "", text)
    runs = _LATIN_RUN.findall(t)
    return len(t) - sum(len(r) for r in runs) + len(runs)


def _edition_match(choice: str, directions: list[Direction]) -> Direction | None:
    m = re.match(r"^\D{0,4}?(?P<num>\d{1,2})\s*[：:.、．]\s*(?P<title>.+)$", T.squash(choice))
    title = m.group("title") if m else T.squash(choice)
    best = max(directions, key=lambda d: fuzz.ratio(T.squash(d.title), title), default=None)
    if best is not None and fuzz.ratio(T.squash(best.title), title) >= 85:
        return best
    return None


def direction(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    edition = ctx.directions() or list(tpl.direction_choices)
    field = next((f for f in tpl.fields if f.kind == "direction"), None)
    if field is None:
        # A form for one direction (2023): the form's own direction must be one of this call's.
        rule = "申报书所属方向为本期示范方向"
        clause = tpl.clauses.get("form_direction")
        chosen = app.selected_directions[0] if app.selected_directions else tpl.direction
        if not chosen:
            return []
        hit = _edition_match(chosen, edition) if edition else None
        if hit is None:
            return [_item("direction", rule, FAIL, app.direction_evidence, clause, f"“{chosen}”不是本期示范方向")]
        return [_item("direction", rule, PASS, app.direction_evidence, hit.evidence or clause, f"{chosen}")]
    fv = _value(app, field.key)
    clause = tpl.clauses.get("direction") or field.evidence
    one_only = _one_direction_clause(ctx)
    rule = "勾选一个本期示范方向" + ("（每个项目限填一个方向）" if one_only else "")
    if fv.unclear:
        return [_item("direction", rule, REVIEW, fv.evidence, clause, f"勾选标记不清：{'、'.join(fv.unclear)}")]
    ticked = app.selected_directions
    if not ticked:
        return [_item("direction", rule, FAIL, fv.evidence, clause, "示范项目领域未勾选任何方向")]
    invalid = [t for t in ticked if _edition_match(t, edition) is None]
    if invalid:
        return [_item("direction", rule, FAIL, fv.evidence, clause, f"不是本期示范方向：{'、'.join(invalid)}")]
    if len(ticked) == 1:
        return [_item("direction", rule, PASS, fv.evidence, clause, ticked[0])]
    many = tpl.clauses.get("multi_direction")
    if many is not None and one_only is None:
        # The form itself foresees several areas (如申报多个示范项目领域，需分领域综合描述).
        return [_item("direction", rule, REVIEW, fv.evidence, many,
                      f"勾选了 {len(ticked)} 个方向；申报书允许申报多个领域但须分领域描述，需人工确认")]
    return [_item("direction", rule, FAIL, fv.evidence, one_only or clause, f"勾选了 {len(ticked)} 个方向")]


def _one_direction_clause(ctx: NoticeContext) -> Evidence | None:
    for t in ctx.templates:
        for ev in t.clauses.values():
            if _ONE_DIRECTION.search(ev.text):
                return ev
    return None


def single_choices(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    out = []
    for f in tpl.fields:
        if f.kind != "checkbox" or not f.single_choice:
            continue
        fv = _value(app, f.key)
        rule = f"“{f.name}”勾选且只勾选一项"
        chosen = list(fv.ticked) + ([f"其他：{fv.other}"] if fv.other else [])
        if fv.unclear:
            out.append(_item(f"single_choice:{f.name}", rule, REVIEW, fv.evidence, f.evidence,
                             f"标记不清（☒ 既可能表示选中，也可能表示排除）：{'、'.join(fv.unclear)}"))
        elif len(chosen) == 1:
            out.append(_item(f"single_choice:{f.name}", rule, PASS, fv.evidence, f.evidence, chosen[0]))
        elif not chosen:
            out.append(_item(f"single_choice:{f.name}", rule, FAIL, fv.evidence, f.evidence, "未勾选"))
        else:
            out.append(_item(f"single_choice:{f.name}", rule, FAIL, fv.evidence, f.evidence, f"勾选了 {len(chosen)} 项：{'、'.join(chosen)}"))
    return out


def _subject_keyword(condition: str) -> str:
    """软件业企业必填 → 软件: the kind of unit a condition names, as a word to look for."""
    s = re.sub(r"(?:必填|选填|填写|填报)$", "", condition)
    return re.sub(r"(?:业)?(?:企业|单位|公司)$", "", s)


def conditionals(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    out: list[ChecklistItem] = []
    by_switch: dict[str, list[FormField]] = {}
    by_condition: dict[tuple[str, str], list[FormField]] = {}
    for f in tpl.fields:
        if f.condition_field:
            by_switch.setdefault(f.condition_field, []).append(f)
        elif f.condition:
            by_condition.setdefault((f.group or f.name, f.condition), []).append(f)
    for switch_key, subs in by_switch.items():
        switch = next((f for f in tpl.fields if f.key == switch_key), None)
        if switch is None:
            continue
        on = subs[0].condition_value or ""
        sv = _value(app, switch_key)
        names = "、".join(s.name for s in subs)
        rule = f"“{switch.name}”勾选“{on}”时须填写{names}"
        missing = [s.key for s in subs if not _value(app, s.key).value]
        filled = [s.key for s in subs if _value(app, s.key).value]
        clause = subs[0].condition_evidence
        if on in sv.ticked:
            status = FAIL if missing else PASS
            reason = f"勾选“{on}”，未填写：{'、'.join(missing)}" if missing else f"勾选“{on}”，{names}均已填写"
            ev = _value(app, missing[0]).evidence if missing else sv.evidence
            out.append(_item(f"conditional:{switch.name}", rule, status, ev, clause, reason, missing))
        elif filled and sv.ticked:
            out.append(_item(f"conditional:{switch.name}", rule, REVIEW, sv.evidence, clause,
                             f"勾选“{'、'.join(sv.ticked)}”却填写了{'、'.join(filled)}，需人工确认"))
        else:
            out.append(_item(f"conditional:{switch.name}", rule, NA, sv.evidence, clause, f"未勾选“{on}”"))
    for (group, condition), subs in by_condition.items():
        keyword = _subject_keyword(condition)
        names = "、".join(s.name for s in subs)
        rule = f"{re.sub(r'必填$', '', condition)}须填写{names}"
        missing = [s.key for s in subs if not _value(app, s.key).value]
        signs = [t for fv in app.fields.values() for t in list(fv.ticked) + ([fv.other] if fv.other else []) if keyword and keyword in t]
        if keyword and app.unit_name and keyword in app.unit_name:
            signs.append(app.unit_name)
        clause = subs[0].condition_evidence
        if signs:
            status = FAIL if missing else PASS
            reason = (f"申报单位属{condition.replace('必填', '')}（{'、'.join(signs)}），未填写：{'、'.join(missing)}" if missing
                      else f"申报单位属{condition.replace('必填', '')}（{'、'.join(signs)}），已填写")
            ev = _value(app, missing[0]).evidence if missing else _value(app, subs[0].key).evidence
            out.append(_item(f"conditional:{group}", rule, status, ev, clause, reason, missing))
        elif not missing:
            out.append(_item(f"conditional:{group}", rule, PASS, _value(app, subs[0].key).evidence, clause, "已填写"))
        else:
            out.append(_item(f"conditional:{group}", rule, NA, _value(app, subs[0].key).evidence, clause,
                             f"申报书中没有申报单位属{condition.replace('必填', '')}的迹象"))
    return out


def credit_code(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    f = role_field(tpl, "credit_code")
    if f is None:
        return []
    fv = _value(app, f.key)
    rule = "统一社会信用代码（GB 32100-2015）或组织机构代码（GB 11714）格式正确、校验码正确"
    if not fv.value:
        return [_item("credit_code", rule, FAIL, fv.evidence, f.evidence, "未填写")]
    kind, problem = codes.identifier_problem(fv.value)
    if problem:
        return [_item("credit_code", rule, FAIL, fv.evidence, f.evidence, f"{kind} {fv.value}：{problem}")]
    return [_item("credit_code", rule, PASS, fv.evidence, f.evidence, f"{kind} {fv.value} 校验正确")]


_FORMATS: list[tuple[str, str, re.Pattern[str], Callable[[str], bool]]] = [
    ("mobile", "手机号码格式正确（11 位，1 开头）", re.compile(r"手机"), codes.is_mobile),
    ("email", "电子邮箱格式正确", re.compile(r"邮箱|电子邮件|[Ee]-?mail"), codes.is_email),
    ("phone", "电话、传真号码格式正确", re.compile(r"电话|传真"), codes.is_phone),
]


def formats(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    out = []
    for kind, rule, label, ok in _FORMATS:
        fields = [f for f in tpl.fields if f.part == "table" and label.search(f.name)]
        if not fields:
            continue
        filled = [(f, _value(app, f.key)) for f in fields if _value(app, f.key).value]
        bad = [(f, fv) for f, fv in filled if not ok(fv.value)]
        if not filled:
            out.append(_item(f"format:{kind}", rule, NA, clause=fields[0].evidence, reason="均未填写"))
        elif bad:
            reason = "；".join(f"{f.key}：{fv.value}" for f, fv in bad)
            out.append(_item(f"format:{kind}", rule, FAIL, bad[0][1].evidence, bad[0][0].evidence, reason, [f.key for f, _ in bad]))
        else:
            out.append(_item(f"format:{kind}", rule, PASS, filled[0][1].evidence, fields[0].evidence,
                             "、".join(fv.value for _f, fv in filled)))
    return out


def registered(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    rules = ctx.eligibility()
    local = next((e for e in rules if e.rule.startswith("本市") or e.rule.startswith("本省")), None)
    national = next((e for e in rules if e.rule == "境内注册"), None)
    chosen = local or national
    if chosen is None:
        return []
    f = role_field(tpl, "registered_address")
    fv = _value(app, f.key) if f else FieldValue(label="单位注册地址", value="")
    address = fv.value
    if local is not None:
        place = ctx.locality()
        where = place[0] if place and local.rule.startswith("本市") else (place[1] if place else None)
        rule = f"申报主体在本市（本省）境内注册{f'（{where}）' if where else ''}"
        if not address:
            return [_item("registered", rule, FAIL, fv.evidence, chosen.evidence, "未填写单位注册地址")]
        found = place_of(address)
        if where is None or found is None:
            return [_item("registered", rule, REVIEW, fv.evidence, chosen.evidence,
                          "无法确定通知所指“本市/本省”或注册地址所在地，需人工核对")]
        inside = (found[0] == where) if local.rule.startswith("本市") else (found[1] == where)
        here = found[0] or found[1]
        return [_item("registered", rule, PASS if inside else FAIL, fv.evidence, chosen.evidence,
                      f"注册地址在{here}" + ("" if inside else f"，不在{where}"))]
    rule = "申报主体在中华人民共和国境内注册"
    if not address:
        return [_item("registered", rule, FAIL, fv.evidence, chosen.evidence, "未填写单位注册地址")]
    found = place_of(address)
    if found is None:
        return [_item("registered", rule, REVIEW, fv.evidence, chosen.evidence, "注册地址无法对应到境内行政区划，需人工核对")]
    city = found[0] if found[0] and found[0] != found[1] else ""
    return [_item("registered", rule, PASS, fv.evidence, chosen.evidence, f"注册地址在{found[1]}{city}")]


def _notice_direction(app: Application, ctx: NoticeContext) -> Direction | None:
    chosen = app.selected_directions
    if len(chosen) != 1:
        return None
    return _edition_match(chosen[0], ctx.directions())


def thresholds(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    d = _notice_direction(app, ctx)
    if d is None:
        return []
    out = []
    numeric = [f for f in tpl.fields if f.part == "table" and f.kind in ("number", "text")]
    for t in d.thresholds:
        word, test = _CMP[t.comparator]
        rule = f"{t.quantity}{t.qualifier}{word}{t.value:g}{t.unit}"
        scored = [(fuzz.partial_ratio(T.squash(t.quantity), f.name), f) for f in numeric]
        score, f = max(scored, key=lambda x: x[0], default=(0.0, None))
        if f is None or score < 90:
            out.append(_item(f"threshold:{t.quantity}", rule, REVIEW, clause=t.evidence, reason="申报书中没有对应栏目，需人工核对"))
            continue
        fv = _value(app, f.key)
        got = T.number(fv.value, f.unit or t.unit) if fv.value else None
        if got is None:
            out.append(_item(f"threshold:{t.quantity}", rule, FAIL, fv.evidence, t.evidence, f"“{f.name}”未填写数值"))
            continue
        value, unit = got
        if unit and t.unit and unit != t.unit:
            converted = T.number(f"{value:g}{unit}", t.unit)
            if converted is not None:
                value, unit = converted
        shown = f"{f.name} {fv.value}" + (f"（{f.unit}）" if f.unit and f.unit not in fv.value else "")
        if test(value, t.value):
            out.append(_item(f"threshold:{t.quantity}", rule, PASS, fv.evidence, t.evidence, shown))
        elif t.qualifier:
            # 原则上: the notice allows exceptions, so falling short is for a reviewer to weigh.
            out.append(_item(f"threshold:{t.quantity}", rule, REVIEW, fv.evidence, t.evidence,
                             f"{shown}，未达到{t.value:g}{t.unit}；通知为“{t.qualifier}”要求，需人工判断"))
        else:
            out.append(_item(f"threshold:{t.quantity}", rule, FAIL, fv.evidence, t.evidence, f"{shown}，未达到{t.value:g}{t.unit}"))
    return out


def consistency(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    """A part no larger than its whole: X相关…收入 ≤ the top-level …收入 of the same unit."""
    nums = [f for f in tpl.fields if f.kind == "number" and f.part == "table" and f.group is None and f.unit]
    out = []
    for part in nums:
        if "相关" not in part.name:
            continue
        wholes = [w for w in nums if w is not part and "相关" not in w.name and w.unit == part.unit
                  and w.name[-2:] == part.name[-2:] and part.name.split("相关")[-1] in w.name]
        if len(wholes) != 1:
            continue
        whole = wholes[0]
        rule = f"“{part.name}”不超过“{whole.name}”"
        pv, wv = _value(app, part.key), _value(app, whole.key)
        p = T.number(pv.value, part.unit) if pv.value else None
        w = T.number(wv.value, whole.unit) if wv.value else None
        if p is None or w is None:
            out.append(_item(f"consistency:{part.name}", rule, NA, pv.evidence, whole.evidence, "数值未填写"))
        elif p[0] <= w[0]:
            out.append(_item(f"consistency:{part.name}", rule, PASS, pv.evidence, whole.evidence, f"{p[0]:g} ≤ {w[0]:g}{whole.unit}"))
        else:
            out.append(_item(f"consistency:{part.name}", rule, FAIL, pv.evidence, whole.evidence,
                             f"{part.name} {p[0]:g}{part.unit} 大于 {whole.name} {w[0]:g}{whole.unit}"))
    return out


def declaration(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    if not tpl.has_declaration:
        return []
    who = tpl.signer_label or "法定代表人"
    rule = f"申报主体责任声明由{who}签字并注明日期"
    clause = tpl.clauses.get("declaration") or tpl.clauses.get("signature")
    ev = app.declaration_evidence
    if not app.declaration_signed:
        return [_item("declaration", rule, FAIL, ev, clause, f"{who}未签字")]
    if not app.declaration_date:
        return [_item("declaration", rule, FAIL, ev, clause, "声明未注明日期")]
    legal = app.legal_representative
    if legal and app.declaration_signer and T.squash(legal) != T.squash(app.declaration_signer):
        return [_item("declaration", rule, REVIEW, ev, clause,
                      f"签字人{app.declaration_signer}与表中{who}{legal}不一致（可能为授权签字），需人工核对")]
    return [_item("declaration", rule, PASS, ev, clause, f"{app.declaration_signer}签字，{app.declaration_date}")]


def materials(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    if not tpl.materials:
        return []
    rule = "附1、附2要求的证明材料均已提供"
    clause = tpl.clauses.get("materials")
    missing = [m for m in tpl.materials if m in app.materials_missing]
    if missing:
        return [_item("materials", rule, FAIL, app.material_evidence.get(missing[0]), clause, f"未提供：{'、'.join(missing)}", missing)]
    first = app.material_evidence.get(tpl.materials[0])
    return [_item("materials", rule, PASS, first, clause, f"{len(tpl.materials)} 项材料均已提供")]


def deadline(app: Application, tpl: FormTemplate, ctx: NoticeContext) -> list[ChecklistItem]:
    dls = sorted(ctx.deadlines(), key=lambda d: d.date)
    if not dls:
        return []
    d = dls[0]  # the earliest step of the chain binds the applicant (a province's date before the ministry's)
    rule = f"申报日期不晚于{d.date}（{d.actor or '报送'}截止）"
    when = app.application_date or app.declaration_date
    date_field = role_field(tpl, "application_date")
    ev = _value(app, date_field.key).evidence if date_field else app.declaration_evidence
    if when is None:
        return [_item("deadline", rule, REVIEW, ev, d.evidence, "申报书未注明可读的日期")]
    if when <= d.date:
        return [_item("deadline", rule, PASS, ev, d.evidence, f"申报日期 {when}")]
    return [_item("deadline", rule, FAIL, ev, d.evidence, f"申报日期 {when} 晚于截止日期 {d.date}")]


RULES: list[Rule] = [required_fields, word_limits, direction, single_choices, conditionals, credit_code, formats,
                     registered, thresholds, consistency, declaration, materials, deadline]


def verdict(items: list[ChecklistItem]) -> str:
    statuses = {i.status for i in items}
    return FAIL if FAIL in statuses else REVIEW if REVIEW in statuses else PASS


def check(application: Application, notice: Notice | NoticeContext, template: FormTemplate | None = None) -> Checklist:
    """Fill the reviewer's checklist for one application against the notice it answers."""
    from extractor.checklist.context import context_for

    ctx = notice if isinstance(notice, NoticeContext) else context_for(notice)
    tpl = template or _template_for(application, ctx)
    items: list[ChecklistItem] = []
    if tpl is None:
        items.append(_item("form", "申报书对应通知所附的申报书模板", REVIEW, reason="通知未附申报书模板，无法逐栏核对"))
    else:
        for rule in RULES:
            items += rule(application, tpl, ctx)
    summary: dict[str, int] = {s: 0 for s in (PASS, FAIL, REVIEW, NA)}
    for i in items:
        summary[i.status] += 1
    return Checklist(application=application.source.path if application.source else None,
                     notice=ctx.path or (ctx.notice.title or None), form=application.form_kind,
                     verdict=verdict(items), items=items, summary=summary)


def _template_for(app: Application, ctx: NoticeContext) -> FormTemplate | None:
    forms = ctx.application_forms()
    for t in forms:
        kind = t.title + (f"（{t.direction}方向）" if t.direction else "")
        if kind == app.form_kind:
            return t
    return forms[0] if forms else None
