"""Word-level changes of the passages that align between two notices.

A passage is a sentence (up to 。；！？) of the normalised text. Lines broken by a page or a wrap
are joined first, but a heading line (三、申报要求) stays on its own, so a document that lacks the
headings (the scraped 001) does not show them as changes. Identical passages pair first; the rest
pair one to one, best score first (rapidfuzz ratio of the texts without punctuation), and a pair
that differs yields the word changes (jieba tokens) between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from extractor.structure import patterns as P
from extractor.textdiff import fold, word_diff
from models import Direction, Evidence
from models.diff import TextChange, WordChange

PASSAGE_MATCH = 70  # rapidfuzz ratio from which two passages are the same passage, reworded
_END = "。；！？"
_HEADING = (P.H1, P.H2, P.H3, P.H4, P.ATTACHMENT_HEAD, P.ATTACHMENT_LIST)
_SENTENCE = re.compile(rf"[^{_END}]+[{_END}]?")
# A numbering in front of a passage ((一) / 三、 / 1.): editions renumber, and 001 drops some.
_NUMBERING = re.compile(r"\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))\s*")
_CLAUSE_MARK = re.compile(r"[，。；：,;:]")
_SHORT_LINE = 30
_PLACEHOLDER = re.compile(r"_+")  # blanks of a form template (____ vs _____) are not wording
_MIN_CHARS = 4


@dataclass
class Passage:
    start: int
    end: int
    key: str  # the folded text


def passages(text: str) -> list[Passage]:
    """The sentences of `text`, with their offsets; wrapped lines joined, heading lines alone."""
    blocks: list[tuple[int, int]] = []
    block_start: int | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        body = text[start:end].strip()
        if not body:
            continue  # a blank line (or a masked-out one) neither ends nor starts a block
        # Table rows, headings and short lines without a clause (titles, names) are passages of their own;
        # a long line without an ending was broken by a page or a wrap and goes on in the next.
        alone = "\t" in body or (body[-1] not in _END and (
            (len(body) <= 40 and any(h.match(body) for h in _HEADING))
            or (len(body) <= _SHORT_LINE and not _CLAUSE_MARK.search(body))))
        if alone:
            if block_start is not None:
                blocks.append((block_start, start))
                block_start = None
            blocks.append((start, end))
            continue
        if block_start is None:
            block_start = start
        if body[-1] in _END:
            blocks.append((block_start, end))
            block_start = None
    if block_start is not None:
        blocks.append((block_start, len(text)))
    out: list[Passage] = []
    for s, e in blocks:
        for m in _SENTENCE.finditer(text, s, e):
            start = m.start()
            numbering = _NUMBERING.match(text, start, m.end())
            if numbering:
                start = numbering.end()
            key = _PLACEHOLDER.sub("", fold(text[start : m.end()]))
            if len(key) >= _MIN_CHARS:
                out.append(Passage(start, m.end(), key))
    return out


def _direction_spans(text: str, directions: Sequence[Direction]) -> list[tuple[int, int, str]]:
    spans = []
    for d in directions:
        if d.evidence is None:
            continue
        at = text.find(d.description, d.evidence.end) if d.description else -1
        end = at + len(d.description) if at >= 0 else d.evidence.end
        spans.append((d.evidence.start, end, f"方向 {d.number} {d.title}"))
    return spans


def _where(spans: list[tuple[int, int, str]], p: Passage) -> str:
    return next((label for s, e, label in spans if p.start < e and s < p.end), "正文")


def text_changes(old_text: str, new_text: str, old_dirs: Sequence[Direction], new_dirs: Sequence[Direction],
                 old_ev: Callable[[int, int], Evidence], new_ev: Callable[[int, int], Evidence]) -> list[TextChange]:
    a, b = passages(old_text), passages(new_text)
    free_old: dict[str, list[int]] = {}
    for i, p in enumerate(a):
        free_old.setdefault(p.key, []).append(i)
    used_old: set[int] = set()
    rest_new: list[int] = []
    for j, p in enumerate(b):
        same = free_old.get(p.key)
        if same:
            used_old.add(same.pop(0))
        else:
            rest_new.append(j)
    rest_old = [i for i in range(len(a)) if i not in used_old]
    if not rest_old or not rest_new:
        return []
    matrix = process.cdist([b[j].key for j in rest_new], [a[i].key for i in rest_old], scorer=fuzz.ratio,
                           score_cutoff=PASSAGE_MATCH)
    ranked = sorted(((float(matrix[x][y]), x, y) for x in range(len(rest_new)) for y in range(len(rest_old))
                     if matrix[x][y] >= PASSAGE_MATCH), reverse=True)
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    pairs: list[tuple[float, int, int]] = []
    for s, x, y in ranked:
        if x in taken_new or y in taken_old:
            continue
        taken_new.add(x)
        taken_old.add(y)
        pairs.append((s, rest_old[y], rest_new[x]))
    old_spans, new_spans = _direction_spans(old_text, old_dirs), _direction_spans(new_text, new_dirs)
    out: list[TextChange] = []
    for s, i, j in sorted(pairs, key=lambda t: t[2]):
        pa, pb = a[i], b[j]
        old_passage = _PLACEHOLDER.sub("", old_text[pa.start : pa.end])
        new_passage = _PLACEHOLDER.sub("", new_text[pb.start : pb.end])
        words = [WordChange(old=o, new=n) for o, n in word_diff(old_passage, new_passage)]
        if not words:
            continue
        wa, wb = _where(old_spans, pa), _where(new_spans, pb)
        out.append(TextChange(where=wb if wa == wb else f"{wa} → {wb}", words=words, similarity=round(s / 100, 3),
                              old=old_ev(pa.start, pa.end), new=new_ev(pb.start, pb.end)))
    return out
