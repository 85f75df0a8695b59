"""Form schemas read from a notice's form attachments: fields, options, limits, conditions, materials.

A form attachment (申报书) is read as the notice prints it: a cover of `标签：____` lines, the
填表须知 instructions, the tables (tab-separated rows, ☐ boxes), the numbered narrative sections,
and the 附1 / 附2 / 附3 parts (supporting materials and the declaration). A summary table
(汇总表) is read as its header row. Nothing about a particular form is written here: labels,
options, word limits, units and conditions all come from the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from extractor.forms import text as T
from extractor.structure import patterns as P
from extractor.structure.tree import AttachmentSection, Layer
from models import Direction, Evidence, FormField, FormTemplate

EvidenceFn = Callable[[int, int], Evidence]

# 一、申报单位基本信息 / 1.项目基本情况 / (1) 项目承担方资质与能力
_H1 = re.compile(rf"^[ \t]*[{P.CN_DIGITS}]{{1,3}}、[ \t]*(?P<title>[^\t\n]+?)[ \t]*$")
_H3 = re.compile(r"^[ \t]*(?P<num>\d{1,2})[.．、](?!\d)[ \t]*(?P<title>[^\t\n]{2,40}?)[ \t]*$")
_H4 = re.compile(r"^[ \t]*[（(](?P<num>\d{1,2})[）)][ \t]*(?P<title>[^\t\n]{2,40}?)[ \t]*$")
_SUB_HEAD = re.compile(r"^[ \t-]*附\s*(?P<num>\d{1,2})[ \t]*$")
# A cover line: 项目名称：_____ / 申报单位：_____（加盖单位公章） / 申报日期：____年__月__日
_COVER = re.compile(r"^[ \t]*(?P<label>[^\t：:\n_]{2,10}?)[ \t]*[：:][ \t]*(?P<rest>.*_{2,}.*)$")
# A bracketed subtitle naming the direction a form is for: （用户过亿信息消费大平台方向）
_FOR_DIRECTION = re.compile(r"^[ \t]*[（(](?P<d>[^（）()\n]{2,30}?)方向[）)][ \t]*$")
_SIGNATURE = re.compile(r"^[ \t]*(?P<who>[^\t：:\n（(]{2,12})[：:][ \t]*[（(]\s*签\s*字\s*[）)]")
# A blank inside an option's brackets that the option switches on: 是（上市时间：____，股票代码：____）
_SUB_BLANK = re.compile(r"(?P<label>[^\s，,、；;（(：:_]{2,12})\s*[：:]\s*_{2,}")
# A question with one answer: 是否上市公司; a label naming a unit's class: 单位性质.
_SINGLE = re.compile(r"^是否|性质$|类型$|类别$")
_DATE_NAME = re.compile(r"(?:日期|时间)$")
_LONG_HINT = re.compile(r"阐述|介绍|概述|简述|描述|说明")
_HINT_WORDS = re.compile(r"填写|阐述|提供|注明|介绍|说明|包括|不超过")
# A sentence holding the words. Each starts where a sentence can (the leftmost match always
# does): tried from every character, the leading run would be read once per character.
_ALL_REQUIRED = re.compile(r"(?<![^。\n])[^。\n]*不得空缺[^。\n]*。?")
_DECLARATION_RULE = re.compile(r"(?<![^。\n])[^。\n]*签署[^。\n]*声明[^。\n]*。?")
_MATERIALS_RULE = re.compile(r"(?<![^。\n])[^。\n]*附\s*1\s*为[^。\n]*。?")
_MULTI_DIRECTION = re.compile(r"(?<![^。\n；])[^。\n；]*(?:多个|两个以上|多项)[^。\n；]*(?:领域|方向)[^。\n；]*")
_DIRECTION_BLANK = re.compile(r"^[ \t]*(?:申报)?(?:方向|领域)[ \t]*[：:][ \t]*_{2,}.*$", re.M)


def _ev(evidence: EvidenceFn | None, text: str, start: int, end: int) -> Evidence:
    if evidence is not None:
        return evidence(start, end)
    return Evidence(text=text[start:end], start=start, end=end)


def _is_heading_row(cs: list[T.Cell]) -> str | None:
    filled = [c for c in cs if c.text]
    if len(filled) == 1 and filled[0] is cs[0]:
        m = _H1.match(cs[0].text)
        if m:
            return T.squash(cs[0].text)
    return None


def _is_hint(cell: str) -> bool:
    """Printed guidance in a value cell (全称（如实填写）, （提供证明材料）), not a label."""
    s = T.squash(cell)
    if not s or T.MARK_RUN.search(s):
        return False
    if s.startswith("（") or s.endswith("。") or "，" in s:
        return True
    return bool(_HINT_WORDS.search(s))


def _kind(name: str, unit: str | None, hint: str | None, limit: int | None, options: list[str]) -> str:
    if options:
        return "checkbox"
    if unit:
        return "number"
    if limit or (hint and _LONG_HINT.search(hint)):
        return "longtext"
    if _DATE_NAME.search(name):
        return "date"
    return "text"


class _Builder:
    """Collects the fields of one form while its lines are read in order."""

    def __init__(self, text: str, evidence: EvidenceFn | None, directions: list[Direction]) -> None:
        self.text = text
        self.evidence = evidence
        self.directions = directions
        self.fields: list[FormField] = []
        self.choices: list[Direction] = []
        self.section: str | None = None

    def ev(self, start: int, end: int) -> Evidence:
        return _ev(self.evidence, self.text, start, end)

    def add(self, cell: T.Cell, group: str | None, group_condition: tuple[str, T.Cell] | None) -> FormField:
        label = T.squash(cell.text)
        name = T.base_name(label) or label
        unit = T.unit_of(label)
        condition = None
        condition_ev = None
        optional = False
        for note in T.notes(label):
            if T.OPTIONAL_NOTE.search(note):
                optional = True
            elif T.CONDITION_NOTE.search(note):
                condition, condition_ev = note, self.ev(cell.start, cell.end)
        if group_condition and condition is None:
            condition, condition_ev = group_condition[0], self.ev(group_condition[1].start, group_condition[1].end)
        key = f"{group}/{name}" if group else name
        f = FormField(label=label, key=key, name=name, group=group, unit=unit, condition=condition,
                      required=not optional, section=self.section, evidence=self.ev(cell.start, cell.end),
                      condition_evidence=condition_ev)
        f.kind = _kind(name, unit, None, None, [])
        self.fields.append(f)
        return f

    def value_cell(self, field: FormField, cell: T.Cell) -> None:
        """A printed value cell: guidance (with a word limit), or the boxes of a checkbox group."""
        s = cell.text
        if T.MARK_RUN.search(s):
            self.options(field, cell)
            return
        field.hint = T.squash(s) if field.hint is None else field.hint + T.squash(s)
        lm = T.WORD_LIMIT.search(s)
        if lm:
            field.word_limit = int(lm.group("n"))
            field.limit_evidence = self.ev(cell.start + lm.start(), cell.start + lm.end())
        field.kind = _kind(field.name, field.unit, field.hint, field.word_limit, field.options)

    def options(self, field: FormField, cell: T.Cell) -> None:
        s = cell.text
        other = T.OTHER.search(s)
        if other:
            field.other_option = True
            s = s[: other.start()] + " " * (len(s) - other.start())  # blank it out, offsets kept
        prefix, marks = T.marks(s)
        numbered = [m for m in marks if re.match(r"^\D{0,4}?\d{1,2}[：:.、．]", m.option)]
        if numbered and len(numbered) >= len(marks) / 2:
            self.direction_choices(field, cell, marks, prefix)
            return
        opts: list[str] = []
        for m in marks:
            # A repeated option with a blank's label run into it (省市级授予年份) is the same option.
            if m.option and not any(m.option.startswith(o) for o in opts):
                opts.append(m.option)
            # Blanks in brackets after an option are asked only when that option is ticked.
            bracket = re.match(r"[^（(]{0,12}?[（(](?P<inner>[^（）()]*)[）)]", m.text)
            inner = bracket.group("inner") if bracket else ""
            if bracket and T.BLANK.search(inner):
                base = cell.start + (m.end - len(m.text)) + bracket.start("inner")
                for sb in _SUB_BLANK.finditer(inner):
                    sub = FormField(label=sb.group("label"), key=sb.group("label"), name=sb.group("label"),
                                    condition=f"{field.key}={m.option}", condition_field=field.key,
                                    condition_value=m.option, section=self.section,
                                    evidence=self.ev(base + sb.start("label"), base + sb.end("label")),
                                    condition_evidence=self.ev(cell.start + m.start, base + len(inner) + 1))
                    sub.kind = _kind(sub.name, None, None, None, [])
                    self.fields.append(sub)
        field.options = opts
        field.kind = "checkbox"
        field.single_choice = bool(_SINGLE.search(field.name))

    def direction_choices(self, field: FormField, cell: T.Cell, marks: list[T.Mark], prefix: str) -> None:
        """Numbered choices grouped under the category names printed between them."""
        field.kind = "direction"
        field.single_choice = True
        category = T.squash(prefix) or None
        known = {d.number: d for d in self.directions}
        for m in marks:
            nm = re.match(r"^\D{0,4}?(?P<num>\d{1,2})\s*[：:.、．]\s*(?P<title>.+)$", T.squash(m.text))
            if not nm:
                continue
            num, title = int(nm.group("num")), nm.group("title")
            trailing = ""
            guide = known.get(num)
            if guide and title.startswith(guide.title) and len(title) > len(guide.title):
                # The next category's name was printed right after this choice (a cell's lines joined).
                title, trailing = guide.title, title[len(guide.title):]
            elif guide is None and self.directions:
                best = max(self.directions, key=lambda d: fuzz.partial_ratio(d.title, title))
                if title.startswith(best.title):
                    title, trailing = best.title, title[len(best.title):]
            field.options.append(f"{num}：{title}")
            start = cell.start + m.start
            self.choices.append(Direction(number=num, title=title, category=category,
                                          evidence=self.ev(start, start + len(m.text.rstrip()) + 1)))
            if trailing:
                category = trailing


def _rows(b: _Builder, ls: list[T.Line]) -> None:
    """Fields of the tables: each row's labels, sub-labels under a row group, and value cells."""
    rows = [(ln, T.cells(ln.text, ln.start)) for ln in ls]
    group: str | None = None
    group_condition: tuple[str, T.Cell] | None = None
    for i, (_ln, cs) in enumerate(rows):
        if not any(c.text for c in cs):
            continue
        heading = _is_heading_row(cs)
        if heading:
            b.section = heading
            group = None
            continue
        nxt = rows[i + 1][1] if i + 1 < len(rows) else []
        continuation = not cs[0].text
        start = 0
        if not continuation:
            group, group_condition = None, None
            second = next((c for c in cs[1:] if c.text), None)
            conds = [n for n in T.notes(T.squash(cs[0].text)) if T.CONDITION_NOTE.search(n)]
            # A row group: its first row names sub-fields, and the rows under it start empty (or the
            # group's label carries a condition for the whole row: 软件业务收入（软件业企业必填）).
            if (second is cs[1] and not _is_hint(second.text) and not T.MARK_RUN.search(second.text)
                    and ((nxt and not nxt[0].text) or conds)):
                group = T.base_name(cs[0].text)
                group_condition = (conds[0], cs[0]) if conds else None
                start = 1
        current: FormField | None = None
        for c in cs[start:]:
            if not c.text:
                continue
            if current is not None and (_is_hint(c.text) or T.MARK_RUN.search(c.text)):
                b.value_cell(current, c)
            elif T.BLANK.fullmatch(T.squash(c.text)):
                continue
            else:
                current = b.add(c, group, group_condition)


def _narrative(b: _Builder, ls: list[T.Line]) -> None:
    """Numbered narrative sections (1. / (1)) after the tables: long-text fields, with their guidance."""
    parent: str | None = None
    pending: list[tuple[str | None, FormField]] = []
    last: FormField | None = None
    for ln in ls:
        s = ln.text.strip()
        h1 = _H1.match(s)
        if h1:
            b.section = T.squash(s)
            parent, last = None, None
            continue
        h3, h4 = _H3.match(s), _H4.match(s)
        if h3 or h4:
            m = h3 or h4
            assert m is not None
            title = T.squash(m.group("title"))
            off = ln.start + (len(ln.text) - len(ln.text.lstrip()))
            if h3:
                parent = title
            f = FormField(label=title, key=f"{parent}/{title}" if h4 and parent else title, name=title,
                          group=parent if h4 else None, kind="longtext", part="narrative", section=b.section,
                          evidence=b.ev(off, off + len(s)))
            pending.append((parent if h4 else None, f))
            last = f
            continue
        if last is not None:
            last.hint = (last.hint or "") + T.squash(s)
    # A numbered heading with sub-headings under it is a title, not a field of its own.
    parents = {p for p, _f in pending if p}
    for p, f in pending:
        if p is None and f.name in parents:
            continue
        b.fields.append(f)


def _appendix(b: _Builder, tpl: FormTemplate, ls: list[T.Line]) -> None:
    """附1 / 附2: numbered supporting materials; 附3: the declaration with its signature line."""
    sign = next((ln for ln in ls if _SIGNATURE.match(ln.text)), None)
    if sign is not None:
        tpl.has_declaration = True
        m = _SIGNATURE.match(sign.text)
        assert m is not None
        tpl.signer_label = T.squash(m.group("who"))
        tpl.clauses.setdefault("signature", b.ev(sign.start + m.start("who"), sign.start + m.end()))
        return
    last: str | None = None
    for ln in ls[1:]:  # the first line is the part's title
        s = ln.text.strip()
        im = _H3.match(s) or re.match(r"^[ \t]*(?P<num>\d{1,2})[.．、](?!\d)\s*(?P<title>.+?)[；;。]?$", s)
        if im:
            title = T.squash(im.group("title")).rstrip("；;。")
            tpl.materials.append(title)
            last = title
        elif last is not None:
            tpl.material_notes[last] = tpl.material_notes.get(last, "") + T.squash(s)


def _instructions(tpl: FormTemplate, b: _Builder, text: str, start: int, end: int, whole_end: int) -> None:
    region = text[start:end]
    for name, rx in (("all_required", _ALL_REQUIRED), ("declaration", _DECLARATION_RULE), ("materials", _MATERIALS_RULE),
                     ("multi_direction", _MULTI_DIRECTION)):
        # The instructions, or for the multi-direction note anywhere in the form (it sits in a section's guidance).
        # (A slice, not search(text, start): a sentence may start where the form does.)
        m = rx.search(region) if name != "multi_direction" else rx.search(text[start:whole_end])
        if m:
            tpl.clauses[name] = b.ev(start + m.start(), start + m.end())
    if "all_required" in tpl.clauses:
        tpl.all_required = True
    dm = _DIRECTION_BLANK.search(region)
    if dm:
        tpl.clauses["direction"] = b.ev(start + dm.start(), start + dm.end())


def _cover(b: _Builder, ls: list[T.Line]) -> None:
    for ln in ls:
        m = _COVER.match(ln.text)
        if not m:
            continue
        label = T.squash(m.group("label"))
        f = FormField(label=label, key=f"封面/{label}", name=label, part="cover", section="封面",
                      evidence=b.ev(ln.start + m.start("label"), ln.start + m.end("label")))
        rest = m.group("rest")
        f.kind = "date" if re.search(r"年[\s_]*_*[\s_]*月", rest) or _DATE_NAME.search(label) else "text"
        hint = "".join(T.notes(rest))
        f.hint = T.squash(hint) or None
        b.fields.append(f)


def _summary(section: AttachmentSection, text: str, evidence: EvidenceFn | None) -> FormTemplate | None:
    ls = T.lines(text, section.start, section.end)
    header = next((ln for ln in ls if ln.text.count("\t") >= 2 and all(c.text for c in T.cells(ln.text, ln.start))), None)
    if header is None:
        return None
    tpl = FormTemplate(title=T.squash(section.title), kind="summary", attachment=section.number,
                       columns=[T.squash(c.text) for c in T.cells(header.text, header.start)],
                       evidence=_ev(evidence, text, section.head_start, section.start))
    for ln in ls:
        if ln.start >= header.start:
            break
        m = re.match(r"^[ \t]*(?P<label>[^\t：:\n]{2,8})[：:]\s*(?P<value>.*)$", ln.text)
        if m:
            tpl.fields.append(FormField(label=T.squash(m.group("label")), key=T.squash(m.group("label")),
                                        name=T.squash(m.group("label")), hint=T.squash(m.group("value")) or None,
                                        evidence=_ev(evidence, text, ln.start, ln.end)))
    # What the notes ask to be written in a column (…在"备注"中注明…).
    for ln in ls:
        if ln.start > header.start:
            for col in tpl.columns:
                if re.search(rf"[“\"「]{re.escape(col)}[”\"」]", ln.text):
                    tpl.clauses[f"column:{col}"] = _ev(evidence, text, ln.start, ln.end)
    return tpl


def _form(section: AttachmentSection, text: str, evidence: EvidenceFn | None, directions: list[Direction]) -> FormTemplate | None:
    ls = T.lines(text, section.start, section.end)
    tab_rows = [ln for ln in ls if "\t" in ln.text]
    if len(tab_rows) < 3:
        return None
    b = _Builder(text, evidence, directions)
    tpl = FormTemplate(title=T.squash(section.title), attachment=section.number,
                       evidence=_ev(evidence, text, section.head_start, section.start))
    for ln in ls[:4]:
        m = _FOR_DIRECTION.match(ln.text)
        if m:
            tpl.direction = T.squash(m.group("d"))
            tpl.clauses["form_direction"] = b.ev(ln.start, ln.end)
            break
    first_row = tab_rows[0].start
    # The tables start at the heading above the first row, when there is one.
    table_start = next((ln.start for ln in reversed(ls) if ln.start < first_row and _H1.match(ln.text)), first_row)
    _instructions(tpl, b, text, section.start, table_start, section.end)
    _cover(b, [ln for ln in ls if ln.start < table_start])
    # Parts after the tables: narrative sections, then 附1 / 附2 / 附3.
    subs = [ln for ln in ls if ln.start > first_row and _SUB_HEAD.match(ln.text)]
    body_end = subs[0].start if subs else section.end
    last_row = max(ln.end for ln in tab_rows if ln.start < body_end)
    table_lines = [ln for ln in ls if table_start <= ln.start <= last_row]
    heading = next((ln for ln in table_lines if ln.start < first_row and _H1.match(ln.text)), None)
    if heading is not None:
        b.section = T.squash(heading.text)
    _rows(b, [ln for ln in table_lines if "\t" in ln.text or _H1.match(ln.text)])
    _narrative(b, [ln for ln in ls if last_row < ln.start < body_end])
    for i, sub in enumerate(subs):
        end = subs[i + 1].start if i + 1 < len(subs) else section.end
        _appendix(b, tpl, [ln for ln in ls if sub.end < ln.start < end])
    if tpl.all_required is False:
        for f in b.fields:
            f.required = False if f.condition is None else f.required
    for f in b.fields:
        if f.condition_field or (f.condition and not f.condition_field):
            f.required = True  # asked when its condition holds; checked as a conditional rule
    tpl.fields = b.fields
    tpl.direction_choices = b.choices
    return tpl


def _guide_directions(text: str, layer: Layer) -> list[Direction]:
    """The numbered directions of the layer's own guide, to split category names off the form's choices."""
    from extractor.extract.directions import find_directions

    masked = layer.mask(text)
    return find_directions(masked, lambda s, e: Evidence(text=text[s:e], start=s, end=e)).directions


def read_templates(doc_text: str, layer: Layer, evidence: EvidenceFn | None = None) -> list[FormTemplate]:
    """The application forms and summary tables among one layer's attachments (not its forwarded notice).

    `evidence(start, end)` builds an Evidence for a span of `doc_text` (pass `Document.evidence`
    to get PDF pages); without it the spans carry text and offsets only.
    """
    out: list[FormTemplate] = []
    directions: list[Direction] | None = None
    for section in layer.attachments:
        body = doc_text[section.start:section.end]
        if "\t" not in body:
            continue
        tab_rows = [ln.split("\t") for ln in body.split("\n") if "\t" in ln]
        # A summary table: one full header row, then numbered rows left empty for the recommender.
        header_only = all(c.strip() for c in tab_rows[0]) and all(
            not "".join(r[1:]).strip() and (not r[0].strip() or r[0].strip().isdigit()) for r in tab_rows[1:])
        if len(tab_rows) >= 3 and not header_only:
            if directions is None:
                directions = _guide_directions(doc_text, layer)
            tpl = _form(section, doc_text, evidence, directions)
        else:
            tpl = _summary(section, doc_text, evidence)
        if tpl is not None:
            out.append(tpl)
    return out
