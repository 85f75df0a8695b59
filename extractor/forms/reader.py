"""A filled application form (TXT, DOCX or PDF) read into an Application, against the notice's form.

The document is read and normalised like a notice (so a Traditional form reads as Simplified and
Word or PDF tables arrive as tab-separated rows with ☑ / ☐ marks). Then, in the order printed:
the cover (`标签：值` lines), the tables (each cell matched to a form label, the cells after it
are its value), the narrative sections (a numbered heading and the text under it), the supporting
materials under 附1 / 附2, and the declaration's signature and date.
"""

from __future__ import annotations

import os
import re

from rapidfuzz import fuzz

from extractor.document import Document, load
from extractor.forms import text as T
from extractor.forms.labels import LabelIndex, best_option
from extractor.structure import patterns as P
from models import Application, Evidence, FieldValue, FormField, FormTemplate

_H1 = re.compile(rf"^[ \t]*[{P.CN_DIGITS}]{{1,3}}、")
_H3 = re.compile(r"^[ \t]*(?P<num>\d{1,2})[.．、](?!\d)[ \t]*(?P<title>[^\t\n]{2,40}?)[ \t]*$")
_H4 = re.compile(r"^[ \t]*[（(](?P<num>\d{1,2})[）)][ \t]*(?P<title>[^\t\n]{2,40}?)[ \t]*$")
_SUB_HEAD = re.compile(r"^[ \t-]*附\s*(?P<num>\d{1,2})[ \t]*$")
_NUMBERED = re.compile(r"^[ \t]*(?:(?P<paren>[（(]\d{1,2}[）)])|\d{1,2}[.．、](?!\d))[ \t]*")
_WRAP_MAX = 20  # a label's first half broken onto a line of its own is short
_EMPTY_WORDS = re.compile(r"^(?:无|暂无|略|空|未提供|不适用|/|／|-|—)$")  # for materials and narratives: nothing given
_NOTHING = re.compile(r"^(?:/|／|-|—|空)$")  # for a table cell: left blank (无 is an answer there)
_SIGN_NOTE = re.compile(r"[（(]\s*(?:签字|签名|签章|盖章)\s*[）)]|签字|签名")
# Roles of the record's typed fields, by the form labels that carry them.
ROLES: dict[str, tuple[str, ...]] = {
    "unit_name": ("单位名称", "申报单位"),
    "contact_name": ("申报联系人/姓名", "联系人"),
    "contact_phone": ("申报联系人/手机", "联系电话"),
    "contact_email": ("申报联系人/邮箱", "邮箱"),
    "legal_representative": ("法定代表人",),
    "registered_address": ("单位注册地址", "注册地址"),
    "credit_code": ("组织机构代码/三证合一码", "统一社会信用代码", "组织机构代码"),
    "nature": ("单位性质",),
    "business": ("主营业务",),
    "listed": ("是否上市公司",),
    "revenue": ("主营业务收入",),
    "info_revenue": ("信息消费相关业务收入",),
    "project_name": ("项目名称", "平台名称", "体验中心名称"),
    "application_date": ("封面/申报日期",),
}


def role_field(template: FormTemplate, role: str) -> FormField | None:
    """The form field that carries a typed role (单位名称 → unit_name), by key, then by name."""
    for want in ROLES.get(role, ()):
        for f in template.fields:
            if f.key == want:
                return f
        for f in template.fields:
            if f.name == want and f.part != "cover":
                return f
    return None


def coverage(text: str, template: FormTemplate) -> float:
    """The share of the form's (longer) labels that a document contains: how much it looks like that form."""
    flat = T.squash(text)
    names = {f.name for f in template.fields if len(f.name) >= 4}
    return sum(1 for n in names if n in flat) / max(1, len(names))


def pick_template(text: str, templates: list[FormTemplate]) -> FormTemplate | None:
    """The application form a filled document answers: most of its labels present, its direction named."""
    forms = [t for t in templates if t.kind == "application"]
    if not forms:
        return None
    flat = T.squash(text)

    def score(t: FormTemplate) -> float:
        s = coverage(text, t)
        if t.direction and f"{t.direction}方向" in flat:
            s += 1.0
        return s

    return max(forms, key=score)


class _Reader:
    def __init__(self, doc: Document, template: FormTemplate) -> None:
        self.doc = doc
        self.text = doc.text
        self.t = template
        self.index = LabelIndex.build(template)
        self.values: dict[str, list[tuple[str, int, int]]] = {}  # key → value pieces with spans
        self.labels: dict[str, tuple[str, int, int, float]] = {}  # key → printed label, span, score
        self.lines = T.lines(self.text)
        self._inline: re.Pattern[str] | None = None

    def ev(self, start: int, end: int) -> Evidence:
        return self.doc.evidence(start, end)

    # --- the tables -----------------------------------------------------------------------------

    def tables(self) -> tuple[int, int]:
        """Read every table row; return the span the tables cover."""
        group: str | None = None
        first = last = -1
        zone = self._table_zone()
        pending: T.Line | None = None  # a short line that may be the first half of a wrapped label
        for ln in self.lines:
            if not zone[0] <= ln.start < zone[1]:
                continue
            if "\t" not in ln.text:
                if self._colon_line(ln):
                    first = ln.start if first < 0 else first
                    last = ln.end
                    pending = None
                else:
                    pending = ln if len(ln.text.strip()) <= _WRAP_MAX and not _H1.match(ln.text) else None
                continue
            cs = T.cells(ln.text, ln.start)
            if pending is not None and cs[0].text and self.index.match(cs[0].text, group) is None:
                # 信息消费相关业务收 / 入（万元）\t…: a label wrapped onto the row's line.
                joined = pending.text.strip() + cs[0].text
                if self.index.match(joined, group) is not None:
                    cs[0] = T.Cell(joined, pending.start + (len(pending.text) - len(pending.text.lstrip())), cs[0].end)
            pending = None
            if first < 0:
                first = ln.start
            last = ln.end
            if _H1.match(cs[0].text) and not any(c.text for c in cs[1:]):
                group = None
                continue
            current: FormField | None = None
            for i, c in enumerate(cs):
                if not c.text:
                    continue
                m = self.index.match(c.text, group)
                if m is not None and i == 0 and m.field is None:
                    group = m.group
                    continue
                if i == 0 and (m is None or m.field is None or m.field.group != group):
                    group = None if m is None or m.field is None or m.field.group is None else m.field.group
                    if m is not None and m.field is not None and group is None:
                        m = self.index.match(c.text, None)
                if m is not None and m.field is not None:
                    current = m.field
                    self._label(current, c.text, c.start, c.end, m.score)
                    if m.value:
                        vs = c.start + m.value_offset
                        self._add(current, c.text[m.value_offset:].strip(), vs, c.end)
                elif current is not None:
                    self._add(current, c.text, c.start, c.end)
        return first, last

    def _table_zone(self) -> tuple[int, int]:
        """Where the tables are: from the first table row (or first 一、 heading) to the narrative part."""
        narrative = {f.section for f in self.t.fields if f.part == "narrative" and f.section}
        table_sections = {f.section for f in self.t.fields if f.part == "table" and f.section}
        start = next((ln.start for ln in self.lines if "\t" in ln.text
                      or (_H1.match(ln.text) and T.squash(ln.text) in table_sections)), 0)
        end = next((ln.start for ln in self.lines if ln.start > start and (
            (_H1.match(ln.text) and T.squash(ln.text) in narrative) or _SUB_HEAD.match(ln.text))), len(self.text))
        return start, end

    def _colon_line(self, ln: T.Line) -> bool:
        """`标签：值` lines outside a table (a form exported as text), several when a converter joined them."""
        s = ln.text.strip()
        if "：" not in s and ":" not in s or _H3.match(s) or _H4.match(s):
            return False
        off = ln.start + (len(ln.text) - len(ln.text.lstrip()))
        starts = [m.start() for m in self._inline_labels().finditer(s)]
        if not starts or starts[0] != 0:
            starts = [0, *starts]
        found = False
        for i, a in enumerate(starts):
            b = starts[i + 1] if i + 1 < len(starts) else len(s)
            piece = s[a:b]
            m = self.index.match(piece, None)
            if m is None or m.field is None or not m.value or m.field.kind == "longtext" and m.score < 100:
                continue
            self._label(m.field, piece, off + a, off + b, m.score)
            self._add(m.field, piece[m.value_offset:].strip(), off + a + m.value_offset, off + b)
            found = True
        return found

    def _inline_labels(self) -> re.Pattern[str]:
        """Where a form's label followed by a colon starts inside a line (long labels only: short ones are words)."""
        if self._inline is None:
            names = sorted((n for n in self.index.names if len(n) >= 4), key=len, reverse=True)
            self._inline = re.compile("(?:" + "|".join(re.escape(n) for n in names) + r")(?:[（(][^（）()]{0,12}[）)])?\s*[：:]")
        return self._inline

    def _label(self, f: FormField, printed: str, start: int, end: int, score: float) -> None:
        self.labels.setdefault(f.key, (T.squash(printed), start, end, score))

    def _add(self, f: FormField, value: str, start: int, end: int) -> None:
        self.values.setdefault(f.key, []).append((value, start, end))

    # --- values ---------------------------------------------------------------------------------

    def value_of(self, f: FormField) -> FieldValue:
        pieces = self.values.get(f.key, [])
        label, ls, le, score = self.labels.get(f.key, (f.label, -1, -1, 0.0))
        raw = " ".join(p[0] for p in pieces).strip()
        span = (pieces[0][1], pieces[-1][2]) if pieces else (ls, le)
        fv = FieldValue(label=label, key=f.key, value="", score=score if ls >= 0 else None,
                        evidence=self.ev(*span) if span[0] >= 0 else None)
        if f.kind in ("checkbox", "direction"):
            self._ticks(f, raw, fv)
            return fv
        fv.value = _clean(raw, f.hint)
        return fv

    def _ticks(self, f: FormField, raw: str, fv: FieldValue) -> None:
        other = T.OTHER.search(raw)
        body = raw
        if other:
            rest = raw[other.end():]
            cut = T.MARK_RUN.search(rest)
            text = _clean(rest[: cut.start()] if cut else rest, None)
            if text:
                fv.other = text
            body = raw[: other.start()] + (rest[cut.start():] if cut else "")
        _prefix, marks = T.marks(body)
        if not marks:
            # Answered in words, without boxes (a form exported as text): 否, 民营企业, 无.
            text = _clean(body, f.hint)
            hit = best_option(text, f.options) if text else None
            if hit is not None and T.squash(text) == hit:
                fv.ticked.append(hit)
            elif text:
                fv.value = text
                return
        for m in marks:
            if m.state == "empty":
                continue
            name = m.option if f.kind == "direction" else (best_option(m.option, f.options) or m.option)
            (fv.ticked if m.state == "ticked" else fv.unclear).append(name)
        shown = list(fv.ticked) + ([f"其他：{fv.other}"] if fv.other else [])
        fv.value = "、".join(shown)

    def sub_values(self, f: FormField, parent: FieldValue) -> FieldValue:
        """A blank inside a checkbox cell (上市时间：…), read from the parent's raw cell text."""
        pieces = self.values.get(f.condition_field or "", [])
        for text, start, _end in pieces:
            m = re.search(rf"{re.escape(f.name)}\s*[：:]\s*(?P<v>[^，,；;）)☐□☑■√☒\t]*)", text)
            if m:
                v = _clean(m.group("v"), None)
                v = "" if _EMPTY_WORDS.match(v) else v  # 股票代码：无 gives no code
                s = start + m.start("v")
                return FieldValue(label=f.name, key=f.key, value=v, score=100.0,
                                  evidence=self.ev(start + m.start(), s + len(m.group("v"))))
        return FieldValue(label=f.name, key=f.key, value="", evidence=parent.evidence)

    # --- cover, narrative, materials, declaration ------------------------------------------------

    def cover(self, until: int) -> dict[str, FieldValue]:
        out: dict[str, FieldValue] = {}
        cover_fields = [f for f in self.t.fields if f.part == "cover"]
        for ln in self.lines:
            if ln.start >= until:
                break
            m = re.match(r"^[ \t]*(?P<label>[^\t：:\n]{2,12}?)[ \t]*[：:](?P<value>.*)$", ln.text)
            if not m:
                continue
            label = T.squash(m.group("label"))
            best = max(cover_fields, key=lambda f: fuzz.ratio(label, f.name), default=None)
            if best is None or fuzz.ratio(label, best.name) < 88 or best.key in out:
                continue
            value = _clean(m.group("value"), best.hint)
            out[best.key] = FieldValue(label=label, key=best.key, value=value, score=float(fuzz.ratio(label, best.name)),
                                       evidence=self.ev(ln.start + m.start("value"), ln.start + m.end("value")))
        return out

    def narrative(self, start: int, end: int) -> dict[str, FieldValue]:
        fields = [f for f in self.t.fields if f.part == "narrative"]
        heads: list[tuple[FormField | None, T.Line, str, int]] = []  # field, line, title, where its text starts
        parent: str | None = None
        for ln in self.lines:
            if not start <= ln.start < end:
                continue
            s = ln.text.strip()
            if _H1.match(s) or _SUB_HEAD.match(s):
                heads.append((None, ln, "", ln.end))
                continue
            nm = _NUMBERED.match(ln.text)
            if not nm:
                continue
            rest = ln.text[nm.end():]
            level4 = nm.group("paren") is not None
            hit, title, text_at = self._heading(fields, parent if level4 else None, rest, level4)
            if hit is None and not level4 and len(T.squash(rest)) <= 40:
                parent = T.squash(rest)  # a title with sub-headings under it
                heads.append((None, ln, "", ln.end))
                continue
            if hit is None:
                continue
            if not level4:
                parent = hit.name
            heads.append((hit, ln, title, ln.start + nm.end() + text_at))
        out: dict[str, FieldValue] = {}
        for i, (f, ln, title, text_at) in enumerate(heads):
            if f is None:
                continue
            stop = heads[i + 1][1].start if i + 1 < len(heads) else end
            body = [x for x in self.lines if ln.end <= x.start < stop and "\t" not in x.text]
            pieces = [(self.text[text_at:ln.end].strip(), text_at, ln.end)] if self.text[text_at:ln.end].strip() else []
            pieces += [(x.text.strip(), x.start, x.end) for x in body
                       if not (f.hint and fuzz.ratio(T.squash(x.text), f.hint) >= 90)]
            value = "\n".join(p[0] for p in pieces)
            if _EMPTY_WORDS.match(T.squash(value)):
                value = ""
            span = (pieces[0][1], pieces[-1][2]) if pieces else (ln.start, ln.end)
            out[f.key] = FieldValue(label=title, key=f.key, value=value, score=100.0, evidence=self.ev(*span))
        return out

    @staticmethod
    def _heading(fields: list[FormField], parent: str | None, rest: str, level4: bool) -> tuple[FormField | None, str, int]:
        """The narrative field a numbered line opens, and where its text starts on that line.

        A heading may have the first sentence of its text run into it (a converter joined the lines),
        so a field whose name begins the line counts as well as one the whole line matches.
        """
        flat = T.squash(rest)
        candidates = [f for f in fields if (f.group == parent if level4 else f.group is None) or (level4 and parent is None)]
        best: tuple[FormField | None, float] = (None, 0.0)
        for f in candidates:
            score = fuzz.ratio(flat, f.name)
            if score > best[1]:
                best = (f, score)
        if best[0] is not None and best[1] >= 85:
            return best[0], flat, len(rest)
        for f in sorted(candidates, key=lambda f: -len(f.name)):
            if len(f.name) >= 4 and flat.startswith(f.name):
                # Where the name ends in the raw line (spaces in it are not counted by squash).
                n, i = len(f.name), 0
                while n and i < len(rest):
                    if not rest[i].isspace():
                        n -= 1
                    i += 1
                return f, f.name, i
        return None, flat, 0

    def appendix(self, start: int) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
        """Spans of the 附 parts after `start`: the materials parts and the declaration part."""
        heads = [ln for ln in self.lines if ln.start >= start and _SUB_HEAD.match(ln.text)]
        parts: list[tuple[int, int]] = []
        declaration: tuple[int, int] | None = None
        signer = self.t.signer_label or ""
        for i, h in enumerate(heads):
            end = heads[i + 1].start if i + 1 < len(heads) else len(self.text)
            body = self.text[h.end:end]
            if signer and re.search(rf"^[ \t]*{re.escape(signer)}[ \t]*[：:]", body, re.M) and "\t" not in body:
                declaration = (h.start, end)
            else:
                parts.append((h.start, end))
        if declaration is None and signer:
            # No 附 heads: the declaration is where its signature line is, after the tables.
            sig = [ln for ln in self.lines if ln.start >= start and "\t" not in ln.text
                   and re.match(rf"^[ \t]*{re.escape(signer)}[ \t]*[：:]", ln.text)]
            if sig:
                begin = max((ln.start for ln in self.lines if ln.start < sig[-1].start and "声明" in ln.text and ln.start >= start),
                            default=sig[-1].start)
                declaration = (begin, len(self.text))
        return parts, declaration

    def materials(self, parts: list[tuple[int, int]], app: Application) -> None:
        lines = [ln for s, e in parts for ln in self.lines if s <= ln.start < e]
        titles = self.t.materials
        found: list[tuple[str, int]] = []  # material, index of its line
        for title in titles:
            best, best_i = 0.0, -1
            for i, ln in enumerate(lines):
                s = re.sub(r"^\d{1,2}[.．、]", "", T.squash(ln.text)).rstrip("；;。")
                score = fuzz.ratio(s, title)
                if score > best:
                    best, best_i = score, i
            if best >= 85:
                found.append((title, best_i))
        starts = sorted(i for _t, i in found)
        heads = {i for i, ln in enumerate(lines) if _SUB_HEAD.match(ln.text)}
        for title, i in found:
            nxt = min([j for j in starts if j > i] + [j for j in heads if j > i] + [len(lines)])
            note = self.t.material_notes.get(title, "")
            content = [ln for ln in lines[i + 1: nxt]
                       if not (note and fuzz.ratio(T.squash(ln.text), note) >= 85)
                       and not _EMPTY_WORDS.match(T.squash(ln.text).strip("（）。"))]
            if content:
                app.materials.append(title)
                app.material_evidence[title] = self.ev(content[0].start, content[-1].end)
            else:
                app.materials_missing.append(title)
                app.material_evidence[title] = self.ev(lines[i].start, lines[i].end)
        for title in titles:
            if title not in app.materials and title not in app.materials_missing:
                app.materials_missing.append(title)

    def declaration(self, span: tuple[int, int] | None, app: Application) -> None:
        if not self.t.has_declaration:
            return
        if span is None:
            app.declaration_signed = False
            return
        signer = self.t.signer_label or ""
        ls = [ln for ln in self.lines if span[0] <= ln.start < span[1]]
        sig = next((ln for ln in reversed(ls) if re.match(rf"^[ \t]*{re.escape(signer)}[ \t]*[：:]", ln.text)), None)
        if sig is None:
            app.declaration_signed = False
            app.declaration_evidence = self.ev(span[0], min(span[1], span[0] + 40))
            return
        value = re.split(r"[：:]", sig.text, maxsplit=1)[1]
        name = _clean(_SIGN_NOTE.sub("", value), None)
        app.declaration_signed = bool(name)
        app.declaration_signer = name or None
        app.declaration_evidence = self.ev(sig.start, sig.end)
        after = [ln for ln in ls if ln.start > sig.start][:6]
        for ln in after:
            m = P.DATE.search(ln.text)
            if m and m.group("y"):
                iso = P.date_iso(m.group("y"), m.group("m"), m.group("d"))
                if iso:
                    app.declaration_date = iso
                    app.declaration_evidence = self.ev(sig.start, ln.start + m.end())
                    break


def _clean(value: str, hint: str | None) -> str:
    """An answer without printed guidance, blanks and layout."""
    v = T.BLANK.sub(" ", value)
    if hint:
        flat = T.squash(v)
        for h in (hint, hint.strip("（）")):
            if h and flat.startswith(h):
                # Drop the guidance, counted in non-space characters from the start.
                n, i = len(h), 0
                while n and i < len(v):
                    if not v[i].isspace():
                        n -= 1
                    i += 1
                v = v[i:]
                break
        v = re.sub(r"^[（(][^（）()]*(?:提供|填写|注明|不超过|包括)[^（）()]*[）)]", "", v.strip())
    v = v.strip(" \t\u3000：:")
    return "" if T.is_blank(v) or _NOTHING.match(v) else re.sub(r"[ \t]+", " ", v)


def _iso(value: str) -> str | None:
    m = P.DATE.search(value)
    if m and m.group("y"):
        return P.date_iso(m.group("y"), m.group("m"), m.group("d"))
    m = re.search(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})", value)
    return P.date_iso(m.group("y"), m.group("m"), m.group("d")) if m else None


def _subtitle_direction(text: str) -> tuple[str, int, int] | None:
    for ln in T.lines(text)[:8]:
        m = re.match(r"^[ \t]*[（(](?P<d>[^（）()\n]{2,30}?)方向[）)][ \t]*$", ln.text)
        if m:
            return T.squash(m.group("d")), ln.start, ln.end
    return None


def read_document(doc: Document, template: FormTemplate) -> Application:
    """An Application from a loaded document, read against one form template."""
    r = _Reader(doc, template)
    first, last = r.tables()
    app = Application(source=doc.source(), form_title=template.title,
                      form_kind=template.title + (f"（{template.direction}方向）" if template.direction else ""))
    fields: dict[str, FieldValue] = {}
    if first >= 0:
        fields.update(r.cover(first))
    tail = max(last, 0)
    fields.update(r.narrative(tail, len(doc.text)))
    for f in template.fields:
        if f.key in fields or f.condition_field:
            continue
        if f.part == "table":
            fields[f.key] = r.value_of(f)
        else:
            fields[f.key] = FieldValue(label=f.label, key=f.key, value="")  # not found: left empty
    for f in template.fields:
        if f.condition_field:
            fields[f.key] = r.sub_values(f, fields.get(f.condition_field) or FieldValue(label=f.label, value=""))
    app.fields = fields
    parts, decl = r.appendix(tail)
    r.materials(parts, app)
    r.declaration(decl, app)
    _directions(app, template, doc.text, fields, r)
    _typed(app, template)
    return app


def _directions(app: Application, template: FormTemplate, text: str, fields: dict[str, FieldValue], r: _Reader) -> None:
    choice = next((f for f in template.fields if f.kind == "direction"), None)
    if choice is not None:
        fv = fields.get(choice.key)
        if fv is not None:
            app.selected_directions = [_without_category(t, template) for t in fv.ticked]
            app.direction_evidence = fv.evidence
        return
    sub = _subtitle_direction(text)
    if sub is not None:
        app.selected_directions = [sub[0]]
        app.direction_evidence = r.ev(sub[1], sub[2])
    elif template.direction:
        app.selected_directions = [template.direction]


def _without_category(ticked: str, template: FormTemplate) -> str:
    """A ticked choice without the next category's name, which a cell's joined lines run into it."""
    for d in template.direction_choices:
        if ticked.endswith(f"{d.number}：{d.title}") or ticked.endswith(f"{d.number}:{d.title}"):
            return ticked
    for category in sorted({d.category for d in template.direction_choices if d.category}, key=len, reverse=True):
        if ticked.endswith(category) and len(ticked) > len(category):
            return ticked[: -len(category)]
    return ticked


def _typed(app: Application, template: FormTemplate) -> None:
    def val(role: str) -> FieldValue | None:
        f = role_field(template, role)
        return app.fields.get(f.key) if f else None

    for role in ("unit_name", "contact_name", "contact_phone", "contact_email", "legal_representative",
                 "registered_address", "credit_code", "project_name"):
        fv = val(role)
        if fv is not None and fv.value:
            setattr(app, role, fv.value)
    if app.credit_code:
        app.credit_code = re.sub(r"\s+", "", app.credit_code)
    for role in ("nature", "business"):
        fv = val(role)
        if fv is not None:
            setattr(app, role, list(fv.ticked) + ([fv.other] if fv.other else []))
    fv = val("listed")
    if fv is not None and len(fv.ticked) == 1:
        app.listed = fv.ticked[0] == "是"
    for f in template.fields:
        if f.condition_field and f.condition_field == (role_field(template, "listed") or FormField(label="")).key:
            v = app.fields.get(f.key)
            if v is not None and v.value:
                app.listing[f.name] = v.value
    for role, attr in (("revenue", "revenue"), ("info_revenue", "info_revenue")):
        f = role_field(template, role)
        v = app.fields.get(f.key) if f else None
        if f is not None and v is not None and v.value:
            n = T.number(v.value, f.unit)
            if n is not None:
                setattr(app, attr, n[0])
                app.revenue_unit = f.unit
    fv = val("application_date")
    if fv is not None and fv.value:
        app.application_date = _iso(fv.value)
    app.project_texts = {k: v.value for k, v in app.fields.items()
                         if v.value and any(f.key == k and f.kind == "longtext" for f in template.fields)}


def read_application(path: str | os.PathLike[str], template: FormTemplate) -> Application:
    """Read a filled application form (TXT, DOCX or PDF) against the notice's form template."""
    return read_document(load(path), template)
