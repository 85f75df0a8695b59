"""Compare notices: two editions (2018 → 2021 → 2023), or a national notice and a province's forward.

`compare(old, new)` works on two Notice records; `compare_files(paths)` reads the files and also
passes their normalised text, which adds the word-level changes of every passage that aligns and
expands defined terms (（以下统称推荐单位）) in quotas. A file holding a forward stands for two
notices, the national one it wraps and then the province's forward, unless `layer` says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from models import Evidence, Notice
from models.diff import Comparison, NoticeRef, PolicyDiff, TimelineRow

LAYERS = ("both", "outer", "forwarded")


@dataclass
class Side:
    """One notice as compared: the record, and (when read from a file) its layer's text."""

    notice: Notice
    ref: NoticeRef
    text: str | None = None  # the normalised text of this layer only (others blanked, offsets kept)
    evidence: Callable[[int, int], Evidence] | None = field(default=None, repr=False)

    def ev(self, start: int, end: int) -> Evidence:
        if self.evidence is not None:
            return self.evidence(start, end)
        text = self.text or ""
        return Evidence(text=text[start:end], start=start, end=end)


def ref_of(notice: Notice, label: str | None = None, layer: str = "outer") -> NoticeRef:
    path = notice.source.path if notice.source else None
    if label is None:
        label = os.path.splitext(os.path.basename(path))[0] if path else (notice.doc_number or notice.title or "notice")
        if layer == "forwarded":
            label += "#forwarded"
    return NoticeRef(label=label, path=path, layer=layer, title=notice.title, year=notice.year,
                     doc_number=notice.doc_number, issuer=notice.issuer, level=notice.level)


def sides_of_file(path: str | os.PathLike[str], layer: str = "both") -> list[Side]:
    """The notices a file stands for: itself, or for a forward the wrapped notice and then the forward."""
    from extractor.document import load
    from extractor.extract.notice import extract_notice
    from extractor.structure.tree import parse_tree

    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {', '.join(LAYERS)}, not {layer!r}")
    doc = load(path)
    notice = extract_notice(doc)
    tree = parse_tree(doc.text)
    outer = Side(notice, ref_of(notice), tree.mask(doc.text), doc.evidence)
    if notice.forwarded is None or tree.forwarded is None or layer == "outer":
        return [outer]
    inner_notice = notice.forwarded
    inner_notice.source = notice.source
    inner = Side(inner_notice, ref_of(inner_notice, layer="forwarded"), tree.forwarded.mask(doc.text), doc.evidence)
    return [inner] if layer == "forwarded" else [inner, outer]


def is_forward_of(new: Notice, old: Notice) -> bool:
    """Whether `new` forwards `old`: it wraps it (the same record or document number), or, without
    the text, its title says 转发 and it cites `old`'s document number."""
    inner = new.forwarded
    if inner is not None:
        return inner is old or bool(old.doc_number and inner.doc_number == old.doc_number)
    return bool(old.doc_number and old.doc_number in new.references and "转发" in (new.title or ""))


def compare(old: Notice, new: Notice, *, mode: str | None = None, old_text: str | None = None,
            new_text: str | None = None) -> PolicyDiff:
    """What changed from `old` to `new`. `mode` is found when not given: "forward" when `new` wraps `old`."""
    return compare_sides(Side(old, ref_of(old), old_text), Side(new, ref_of(new), new_text), mode=mode)


def compare_sides(a: Side, b: Side, mode: str | None = None) -> PolicyDiff:
    from extractor.compare import align, passages, rules  # submodules: no cycle through core

    if mode is None:
        mode = "forward" if is_forward_of(b.notice, a.notice) else "edition"
    if mode not in ("edition", "forward"):
        raise ValueError(f"mode must be 'edition' or 'forward', not {mode!r}")
    notes: list[str] = []
    if mode == "edition":
        # A forward compared as an edition stands for the notice it forwards (its directions and lists).
        if b.notice.forwarded is not None and not b.notice.directions and b.notice.forwarded.directions:
            b = Side(b.notice.forwarded, b.ref, None, b.evidence)
            notes.append("新文件是转发通知，按其转发的通知比较")
        if a.notice.forwarded is not None and not a.notice.directions and a.notice.forwarded.directions:
            a = Side(a.notice.forwarded, a.ref, None, a.evidence)
            notes.append("旧文件是转发通知，按其转发的通知比较")
    old, new = a.notice, b.notice
    diff = PolicyDiff(old=a.ref, new=b.ref, mode=mode)
    if mode == "forward":
        diff.quotas, restated = rules.forward_quotas(old.quotas, new.quotas)
        if restated:
            notes.append(f"转发文件重申了 {restated} 条推荐名额规定（与原通知相同，不计为变化）")
        if new.directions:
            diff.directions = align.align(old.directions, new.directions)
        else:
            notes.append("转发文件未另列申报方向，沿用原通知的方向")
        if new.city_lists:
            diff.cities = rules.compare_cities(old.city_lists, new.city_lists)
        elif old.city_lists:
            notes.append("转发文件未另列示范城市名单，沿用原通知的名单")
        diff.deadlines = rules.forward_deadlines(old.deadlines, new.deadlines)
        diff.requirements, more = rules.compare_requirements(old, new, forward=True)
        notes += more
    else:
        diff.categories, category_map = align.align_categories(old.categories, new.categories)
        if bool(old.categories) != bool(new.categories):
            has, lacks = (new, "旧") if new.categories else (old, "新")
            notes.append(f"{lacks}文件没有类别标题（另一文件有 {len(has.categories)} 个），方向按标题与内容对齐，不计为类别变化")
        diff.directions = align.align(old.directions, new.directions, category_map)
        direction_map = {o: c.new[0] for c in diff.directions if len(c.new) == 1 and not c.ambiguous for o in c.old}
        diff.quotas = rules.compare_quotas(old.quotas, new.quotas, a.text, b.text, direction_map)
        diff.cities = rules.compare_cities(old.city_lists, new.city_lists)
        if diff.cities.list_only_in:
            side = "新" if diff.cities.list_only_in == "new" else "旧"
            notes.append(f"示范城市名单只见于{side}文件，不逐个计为增删")
        diff.deadlines = rules.compare_deadlines(old.deadlines, new.deadlines)
        diff.requirements, more = rules.compare_requirements(old, new)
        notes += more
        if a.text is not None and b.text is not None:
            diff.text_changes = passages.text_changes(a.text, b.text, old.directions, new.directions, a.ev, b.ev)
    diff.notes = notes
    diff.summary = summarize(diff)
    return diff


def summarize(diff: PolicyDiff) -> dict[str, int]:
    """Counts for the summary table: changes of each kind (unchanged items are counted apart)."""
    s: dict[str, int] = {}

    def bump(key: str, n: int = 1) -> None:
        if n:
            s[key] = s.get(key, 0) + n

    for c in diff.directions:
        bump(f"directions.{c.change}")
        bump("directions.ambiguous", int(c.ambiguous))
        bump("thresholds.changed", len(c.thresholds))
    for q in diff.quotas:
        bump(f"quotas.{q.change}")
    bump("cities.added", len(diff.cities.added))
    bump("cities.removed", len(diff.cities.removed))
    bump("cities.tier_changed", len(diff.cities.tier_changed))
    bump("cities.declared_counts", len(diff.cities.declared_counts))
    for d in diff.deadlines:
        bump(f"deadlines.{d.change}")
    for r in diff.requirements:
        bump(f"requirements.{r.change}")
    bump("text_changes", len(diff.text_changes))
    return s


def compare_files(paths: Sequence[str | os.PathLike[str]], layer: str = "both") -> list[PolicyDiff]:
    """Each consecutive pair of the notices the files stand for, in the order given."""
    return compare_many(paths, layer=layer).diffs


def compare_many(paths: Sequence[str | os.PathLike[str]], layer: str = "both") -> Comparison:
    sides: list[Side] = []
    for p in paths:
        sides += sides_of_file(p, layer)
    if len(sides) < 2:
        raise ValueError("compare needs two notices or more (or one file holding a forward)")
    diffs = [compare_sides(a, b) for a, b in zip(sides, sides[1:], strict=False)]
    return Comparison(notices=[s.ref for s in sides], diffs=diffs, timeline=timeline(diffs))


def timeline(diffs: Sequence[PolicyDiff]) -> list[TimelineRow]:
    """Every direction's line through the editions, following the confident links of each step."""
    if not diffs:
        return []
    n = len(diffs) + 1
    rows: list[TimelineRow] = []
    current: dict[str, TimelineRow] = {}  # title in the latest edition → its row
    first = diffs[0]
    for c in first.directions:
        for t in c.old:
            row = TimelineRow(titles=[t] + [None] * (n - 1), changes=[None] * (n - 1))
            rows.append(row)
            current[t] = row
    for step, diff in enumerate(diffs):
        nxt: dict[str, TimelineRow] = {}
        if diff.mode == "forward" and not diff.directions:
            # A forward without directions of its own keeps the national ones.
            for t, row in current.items():
                row.titles[step + 1] = t
                row.changes[step] = "inherited"
                nxt[t] = row
            current = nxt
            continue
        for c in diff.directions:
            olds = [current[t] for t in c.old if t in current]
            if c.new:
                row = olds[0] if olds else None
                if row is None:
                    row = TimelineRow(titles=[None] * n, changes=[None] * (n - 1))
                    rows.append(row)
                for other in olds[1:]:
                    other.changes[step] = c.change
                    other.titles[step + 1] = " + ".join(c.new)
                row.titles[step + 1] = " + ".join(c.new)
                row.changes[step] = c.change
                row.ambiguous = row.ambiguous or c.ambiguous
                for t in c.new:
                    nxt.setdefault(t, row)
            else:
                for row in olds:
                    row.changes[step] = c.change
                    row.ambiguous = row.ambiguous or c.ambiguous
        current = nxt
    return rows
