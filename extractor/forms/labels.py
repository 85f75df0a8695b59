"""Which form field a printed label is: fuzzy matching that survives spaces, line wraps and variants.

A label in a filled form rarely reads exactly as the template prints it: "单位 名称", a label
wrapped over two lines ("信息消费相关业务收 入"), a unit left out, a Traditional form converted
back. Labels are compared without spaces and brackets (rapidfuzz ratio); short labels (姓名, 手机)
must match exactly and only inside their row group, where they are unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from extractor.forms import text as T
from models import FormField, FormTemplate

MIN_SCORE = 88.0  # below this two labels are different words, not a variant of one
_SHORT = 3  # labels this short must match exactly


@dataclass
class Match:
    field: FormField | None  # None with `group` set: the cell names a row group
    group: str | None
    score: float
    value: str = ""  # text after the label in the same cell (标签：值)
    value_offset: int = 0  # where `value` starts in the cell


@dataclass
class LabelIndex:
    template: FormTemplate
    names: dict[str, list[FormField]] = field(default_factory=dict)
    groups: set[str] = field(default_factory=set)
    _choices: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, template: FormTemplate, kinds: tuple[str, ...] | None = None) -> LabelIndex:
        idx = cls(template)
        for f in template.fields:
            if f.part != "table" or f.condition_field:
                continue  # cover lines, narrative sections and sub-blanks are read where they are printed
            if kinds is not None and f.kind not in kinds:
                continue
            keys = {f.name, T.squash(f.label)}
            if f.group:
                keys.add(f.group + f.name)  # 申报联系人姓名: a sub-field named with its group (forms exported as text)
            for key in keys:
                idx.names.setdefault(key, []).append(f)
            if f.group:
                idx.groups.add(f.group)
        idx._choices = sorted(idx.names) + sorted(idx.groups)
        return idx

    def _score(self, s: str) -> tuple[str | None, float]:
        if not s:
            return None, 0.0
        if s in self.names or s in self.groups:
            return s, 100.0
        if len(s) <= _SHORT:
            return None, 0.0
        hit = process.extractOne(s, self._choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
        if hit is None:
            return None, 0.0
        name = hit[0]
        if len(name) <= _SHORT:
            return None, 0.0
        return name, float(hit[1])

    def match(self, cell: str, group: str | None) -> Match | None:
        """The field (or row group) a cell names, in the context of the current row group."""
        m = self._match(cell, group)
        if m is None and _HAN.search(cell):
            # A Traditional label in an otherwise Simplified form (the normaliser converts whole
            # documents, not a few labels pasted from another source).
            simplified = _t2s(cell)
            if simplified != cell:
                m = self._match(simplified, group)
        return m

    def _match(self, cell: str, group: str | None) -> Match | None:
        s = T.squash(cell)
        attempts: list[tuple[str, str, int]] = [(s, "", 0)]
        if "：" in s:
            # 标签：值 in one cell; the offset is found in the raw cell text.
            head, _, rest = s.partition("：")
            raw_colon = max(cell.find("："), cell.find(":"))
            attempts.insert(0, (head, rest, raw_colon + 1 if raw_colon >= 0 else 0))
        for label, rest, offset in attempts:
            for probe in (label, T.base_name(label)):
                name, score = self._score(probe)
                if name is None:
                    continue
                if name in self.groups and name not in self.names:
                    return Match(None, name, score, rest, offset)
                fields = self.names[name]
                chosen = self._in_group(fields, group)
                if chosen is not None:
                    return Match(chosen, chosen.group, score, rest, offset)
        return None

    @staticmethod
    def _in_group(fields: list[FormField], group: str | None) -> FormField | None:
        same = [f for f in fields if f.group == group]
        if same:
            return same[0]
        top = [f for f in fields if f.group is None]
        if top:
            return top[0]
        # A sub-field outside its group: only when the label is unique in the form.
        return fields[0] if len(fields) == 1 else None


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _t2s(text: str) -> str:
    from normalizers.script import convert

    return convert(text, "t2s")


def best_option(option: str, options: list[str]) -> str | None:
    """The template option a ticked option's text is (fuzzy; a prefix counts)."""
    s = T.squash(option)
    if not s:
        return None
    for o in options:
        if s == o or (len(o) >= 2 and s.startswith(o)):
            return o
    hit = process.extractOne(s, options, scorer=fuzz.ratio, score_cutoff=80)
    return hit[0] if hit else None
