"""What a checklist needs to know about the notice: every layer's rules and the forms it carries."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from models import Deadline, Direction, Eligibility, FormTemplate, Notice, Quota


@dataclass
class NoticeContext:
    notice: Notice
    templates: list[FormTemplate] = field(default_factory=list)
    text: str = ""  # the notice's normalised text (for facts no record field holds, e.g. which city 本市 is)
    path: str = ""

    @property
    def layers(self) -> list[Notice]:
        """The notice, then the one it forwards (outer first)."""
        out, n = [], self.notice
        while n is not None:
            out.append(n)
            n = n.forwarded
        return out

    def directions(self) -> list[Direction]:
        return [d for layer in self.layers for d in layer.directions]

    def deadlines(self) -> list[Deadline]:
        return [d for layer in self.layers for d in layer.deadlines]

    def eligibility(self) -> list[Eligibility]:
        return [e for layer in self.layers for e in layer.eligibility]

    def application_forms(self) -> list[FormTemplate]:
        return [t for t in self.templates if t.kind == "application"]

    def summary_form(self) -> FormTemplate | None:
        return next((t for t in self.templates if t.kind == "summary"), None)

    def locality(self) -> tuple[str, str] | None:
        """(city, province) the notice speaks for when it says 本市: the city its own text names most."""
        return _most_named_city(self.text)


def templates_of(notice: Notice) -> list[FormTemplate]:
    return [t for layer in _layers(notice) for t in layer.forms]


def _layers(notice: Notice) -> list[Notice]:
    out, n = [], notice
    while n is not None:
        out.append(n)
        n = n.forwarded
    return out


def _read_forms(path: str) -> tuple[list[FormTemplate], str]:
    """Form templates of every layer of the notice at `path`, and its normalised text."""
    from extractor.document import load
    from extractor.forms.schema import read_templates
    from extractor.structure.tree import parse_tree

    doc = load(path)
    tree = parse_tree(doc.text)
    out: list[FormTemplate] = []
    layer = tree
    while layer is not None:
        out += read_templates(doc.text, layer, doc.evidence)
        layer = layer.forwarded
    return out, doc.text


def context_for(notice: Notice, forms_from: str | os.PathLike[str] | None = None) -> NoticeContext:
    """A context for a parsed notice; forms come from the record, else its file, else `forms_from`."""
    templates = templates_of(notice)
    text = ""
    path = notice.source.path if notice.source else ""
    if path and os.path.exists(path):
        read, text = _read_forms(path)
        templates = templates or read
    if forms_from is not None:
        # An older call names a form it does not carry: read the form from the notice that has it.
        templates = templates or _read_forms(os.fspath(forms_from))[0]
    return NoticeContext(notice, templates, text, path)


def load_context(path: str | os.PathLike[str], forms_from: str | os.PathLike[str] | None = None) -> NoticeContext:
    """Parse the notice at `path` and gather what checking an application against it needs."""
    from extractor.api import parse

    return context_for(parse(path), forms_from)


@lru_cache(maxsize=1)
def _city_names() -> tuple[tuple[str, str, str], ...]:
    """(full name, city, province) of every prefecture-level city, longest name first."""
    from corpora import city_index

    seen: dict[str, tuple[str, str, str]] = {}
    for div in city_index().values():
        if div.is_city:
            seen[div.name] = (div.name, div.name, div.province)
    return tuple(sorted(seen.values(), key=lambda t: -len(t[0])))


def _most_named_city(text: str) -> tuple[str, str] | None:
    counts: Counter[tuple[str, str]] = Counter()
    for name, city, province in _city_names():
        n = text.count(name)
        if n:
            counts[(city, province)] += n
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=4096)
def place_of(address: str) -> tuple[str | None, str] | None:
    """(prefecture-level city or None, province) of a written address, or None outside China's divisions.

    The earliest division named wins: 广东省深圳市南山区… → (深圳市, 广东省).
    """
    from corpora import city_index, provinces

    hits: list[tuple[int, int, str | None, str]] = []
    for p in provinces():
        for name in {p.name, p.short_name}:
            i = address.find(name)
            if i >= 0 and len(name) >= 2:
                hits.append((i, -len(name), p.name if p.is_municipality else None, p.province))
    for name, city, province in _city_names():
        i = address.find(name)
        if i >= 0:
            hits.append((i, -len(name), city, province))
    if not hits:
        for key, div in city_index().items():
            if len(key) >= 3 and div.level == "county" and key in address:
                return (div.prefecture or None, div.province)
        return None
    hits.sort()
    _i, _n, city, province = hits[0]
    if city is None:
        # A province first: the city is the next division named after it, if one is.
        later = [h for h in hits[1:] if h[2] is not None and h[3] == province]
        city = later[0][2] if later else None
    return city, province


def quotas(ctx: NoticeContext) -> list[tuple[int, Quota]]:
    """Every quota with the index of its layer (0 = the outer notice)."""
    return [(i, q) for i, layer in enumerate(ctx.layers) for q in layer.quotas]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")
