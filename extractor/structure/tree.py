"""The official-document tree: head, body, attachment list and sections, nested forwarded notice.

All positions are offsets in the normalised text. A layer (the outer notice, or the notice it
forwards) is described by the ranges it owns; `mask` gives the text with everything else blanked,
so extractors can run on one layer with the offsets of the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.structure import patterns as P

Found = tuple[str, int, int]  # value, start, end


@dataclass
class AttachmentSection:
    number: int | None
    title: str
    head_start: int  # where the 附件 N line starts
    start: int  # body of the section
    end: int


@dataclass
class ListedAttachment:
    number: int
    title: str
    start: int
    end: int


@dataclass
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1.  4: （1）
    number: int
    title: str
    start: int
    end: int


_LEVELS = ((1, P.H1), (2, P.H2), (3, P.H3), (4, P.H4))


def headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """Body headings at every level, in order. A numbered item's title stops at its first 。"""
    from normalizers.numerals import parse_int

    end = len(text) if end is None else end
    found: list[Heading] = []
    for level, rx in _LEVELS:
        for m in rx.finditer(text, start, end):
            if "\t" in m.group(0):
                continue  # a table row that starts with a number is not a heading
            number = parse_int(m.group(1))
            title = re.split(r"[。；]", m.group(2).strip(), maxsplit=1)[0]
            if number is not None and title:
                found.append(Heading(level, number, title, m.start(), m.end()))
    found.sort(key=lambda h: h.start)
    return found


@dataclass
class Layer:
    ranges: list[tuple[int, int]]
    issuer: Found | None = None
    doc_number: Found | None = None
    title: Found | None = None
    recipients: Found | None = None
    body: tuple[int, int] | None = None  # main text before the attachment sections
    attachment_list: list[ListedAttachment] = field(default_factory=list)
    attachments: list[AttachmentSection] = field(default_factory=list)
    date: Found | None = None
    signature: Found | None = None
    blank_date: bool = False
    disclosure: Found | None = None
    bare_attachment: bool = False
    forwarded: Layer | None = None

    def outline(self, text: str) -> list[Heading]:
        """Headings of this layer's body and attachments."""
        return [h for s, e in self.ranges for h in headings(text, s, e)]

    def mask(self, text: str) -> str:
        """`text` with every character outside this layer blanked (line breaks kept)."""
        parts: list[str] = []
        pos = 0
        for s, e in sorted(self.ranges):
            parts.append(_blank(text[pos:s]))
            parts.append(text[s:e])
            pos = e
        parts.append(_blank(text[pos:]))
        return "".join(parts)

    def contains(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.ranges)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(s: str) -> str:
    return _NOT_NEWLINE.sub(" ", s)


_LINE = re.compile(r"^.*$", re.M)
_ORG_LINE = re.compile(rf"^[ \t]*([{P.HAN}（）()]{{2,30}}(?:部|厅|委|局|办公厅|办公室|委员会|政府|司|处|中心|协会|联合会))[ \t]*$")
_TITLE_END = re.compile(r"(?:通知|通告|公告|函|意见|方案|办法|指南|细则)$")


def _lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each non-empty line in text[start:end]."""
    out = []
    for m in _LINE.finditer(text, start, len(text) if end is None else end):
        s = m.group(0)
        if s.strip():
            lead = len(s) - len(s.lstrip())
            out.append((m.start() + lead, m.start() + len(s.rstrip()), s.strip()))
    return out


def _find_heads(text: str) -> list[dict[str, Found | None]]:
    """Notice heads: a title line (关于…通知) not inside a sentence, with the issuer and number above."""
    lines = _lines(text)
    heads: list[dict[str, Found | None]] = []
    i = 0
    while i < len(lines):
        s, e, line = lines[i]
        title: Found | None = None
        # Titles carry no sentence punctuation; a sentence that cites a notice (根据《…》) does.
        if "关于" in line and not re.search("[，。；：]", line) and len(line) <= 90 and "\t" not in line:
            if _TITLE_END.search(line):
                title = (line, s, e)
            elif i + 1 < len(lines) and _TITLE_END.search(lines[i + 1][2]) and len(lines[i + 1][2]) <= 40:
                # A title set on two lines (市工业和信息化委关于组织开展…\n…申报工作的通知).
                title = (line + lines[i + 1][2], s, lines[i + 1][1])
                i += 1
        if title is None:
            i += 1
            continue
        # A real head is followed by its recipients (…：) or preceded by a document number.
        nxt = lines[i + 1][2] if i + 1 < len(lines) else ""
        before = lines[max(0, i - 3) : i - (1 if title[0] != line else 0)]
        doc_number: Found | None = None
        issuer: Found | None = None
        for bs, be, bl in reversed(before):
            m = P.DOC_NUMBER.fullmatch(bl)
            if m and doc_number is None:
                doc_number = (P.normalize_doc_number(m), bs, be)
                continue
            om = _ORG_LINE.match(bl)
            if om and issuer is None:
                issuer = (om.group(1), bs, be)
            break
        recipients: Found | None = None
        rm = P.RECIPIENTS.match(nxt) if nxt else None
        if rm and i + 1 < len(lines):
            rs = lines[i + 1][0]
            recipients = (rm.group("value"), rs, rs + len(rm.group("value")))
        if recipients is None and doc_number is None:
            i += 1
            continue
        start = issuer[1] if issuer else (doc_number[1] if doc_number else title[1])
        heads.append({"issuer": issuer, "doc_number": doc_number, "title": title, "recipients": recipients,
                      "start": ("", start, start)})
        i += 1
    return heads


def _attachment_heads(text: str) -> list[tuple[int | None, bool, int, int]]:
    """(number, is 附件 (not 附), line start, line end) of every attachment head line."""
    return [
        (int(m.group("num")) if m.group("num") else None, bool(m.group("full")), m.start(), m.end())
        for m in P.ATTACHMENT_HEAD.finditer(text)
        if m.group("full") or m.group("num")
    ]


def _title_after(text: str, pos: int) -> tuple[str, int]:
    """The first non-empty line after `pos` (an attachment's title) and where its body starts."""
    for _s, e, line in _lines(text, pos, min(len(text), pos + 400)):
        return line, e
    return "", pos


def _attachment_list(text: str, start: int, end: int) -> list[ListedAttachment]:
    m = P.ATTACHMENT_LIST.search(text, start, end)
    if not m:
        return []
    items: list[ListedAttachment] = []
    rest = m.group("rest").strip()
    first = P.LIST_ITEM.match(rest)
    if rest and not first:
        # A single unnumbered attachment: 附件：2023年…汇总表
        return [ListedAttachment(1, rest, m.start("rest"), m.end("rest"))]
    if first:
        off = m.start("rest") + (len(m.group("rest")) - len(m.group("rest").lstrip()))
        items.append(ListedAttachment(int(first.group("num")), first.group("title"), off, m.end("rest")))
    for s, e, line in _lines(text, m.end(), end):
        im = P.LIST_ITEM.match(line)
        if not im or (items and int(im.group("num")) != items[-1].number + 1):
            break
        items.append(ListedAttachment(int(im.group("num")), im.group("title"), s, e))
    return items


def _matches_list(number: int | None, title: str, listed: list[ListedAttachment]) -> ListedAttachment | None:
    for item in listed:
        score = fuzz.partial_ratio(squash_title(item.title), squash_title(title)) if title else 0
        if (number is not None and item.number == number and score >= 60) or score >= 85:
            return item
        if number is not None and item.number == number and len(listed) > 1 and not title:
            return item
    if len(listed) == 1 and number is None and listed[0].number == 1:
        score = fuzz.partial_ratio(squash_title(listed[0].title), squash_title(title))
        return listed[0] if score >= 70 else None
    return None


def squash_title(s: str) -> str:
    """A title compared without spaces, book-title marks, quotes or brackets."""
    return re.sub(r"[\s《》“”\"（）()]", "", s)


def _fill_layer(text: str, layer: Layer, head: dict[str, Found | None] | None, start: int, end: int,
                heads_after: list[tuple[int | None, bool, int, int]]) -> int:
    """Fill one notice's head, body and attachments from `start`; return where it ends."""
    if head:
        layer.issuer, layer.doc_number = head["issuer"], head["doc_number"]
        layer.title, layer.recipients = head["title"], head["recipients"]
    body_start = layer.recipients[2] if layer.recipients else (layer.title[2] if layer.title else start)
    own = [h for h in heads_after if start <= h[2] < end and h[1]]
    first_section = own[0][2] if own else end
    layer.attachment_list = _attachment_list(text, body_start, first_section)
    # Attachment sections: those that answer this notice's list (or all, when it has no list).
    sections: list[AttachmentSection] = []
    layer_end = end
    for idx, (num, _full, hs, he) in enumerate(own):
        title, body_at = _title_after(text, he)
        nxt = own[idx + 1][2] if idx + 1 < len(own) else end
        if layer.attachment_list and not _matches_list(num, title, layer.attachment_list):
            layer_end = hs  # a section that is not ours: the notice ended before it
            break
        sections.append(AttachmentSection(num, title, hs, body_at, nxt))
    layer.attachments = sections
    layer.body = (body_start, first_section if sections or not own else min(first_section, layer_end))
    if sections:
        layer_end = max(layer_end if layer_end != end else sections[-1].end, sections[-1].end)
        layer_end = min(layer_end, end)
    main_end = sections[0].head_start if sections else layer_end
    region = text[body_start:main_end]
    dates = list(P.DATE_LINE.finditer(region))
    dm = dates[-1] if dates else None  # the signature date is the last date line of the body
    if dm:
        layer.date = (P.date_iso(dm.group("y"), dm.group("m"), dm.group("d")) or "",
                      body_start + dm.start(), body_start + dm.end())
        above = _lines(text, max(body_start, layer.date[1] - 200), layer.date[1])
        if above:
            om = _ORG_LINE.match(above[-1][2])
            if om:
                layer.signature = (om.group(1), above[-1][0], above[-1][1])
    layer.blank_date = bool(P.BLANK_DATE.search(region))
    disc = list(P.DISCLOSURE.finditer(text, start, layer_end))
    if disc:
        d = disc[-1]
        layer.disclosure = _disclosure(d)
    return layer_end


def _disclosure(m: re.Match[str]) -> Found:
    g = "value" if m.group("value") else "value2"
    return m.group(g), m.start(g), m.end(g)


def parse_tree(text: str) -> Layer:
    """The structure of a normalised notice: its head, body, attachments and forwarded notice."""
    heads = _find_heads(text)
    att_heads = _attachment_heads(text)
    n = len(text)
    if not heads:
        layer = Layer(ranges=[(0, n)])
        first = next((h for h in att_heads if h[1]), None)
        if first and not text[: first[2]].strip():
            # Only an attachment, no notice head (an implementation plan sent as 附件1).
            layer.bare_attachment = True
            title, body_at = _title_after(text, first[3])
            layer.title = (title, body_at - len(title), body_at)
            layer.attachments = [AttachmentSection(first[0], title, first[2], body_at, n)]
            layer.body = (body_at, n)
        else:
            _fill_layer(text, layer, None, 0, n, att_heads)
            layer.ranges = [(0, n)]
        return layer
    outer_start = 0
    outer = Layer(ranges=[])
    if len(heads) == 1:
        _fill_layer(text, outer, heads[0], outer_start, n, att_heads)
        outer.ranges = [(0, n)]
        return outer
    inner_start = heads[1]["start"][1]  # type: ignore[index]
    # The outer notice's own text runs up to the forwarded notice's head.
    _fill_layer(text, outer, heads[0], outer_start, inner_start, att_heads)
    inner = Layer(ranges=[])
    inner_end = _fill_layer(text, inner, heads[1], inner_start, n, att_heads)
    inner.ranges = [(inner_start, inner_end)]
    outer.ranges = [(0, inner_start)] + ([(inner_end, n)] if inner_end < n else [])
    # Sections after the forwarded notice belong to the outer one (its 汇总表).
    tail = [h for h in att_heads if h[2] >= inner_end and h[1]]
    for idx, (num, _full, hs, he) in enumerate(tail):
        title, body_at = _title_after(text, he)
        nxt = tail[idx + 1][2] if idx + 1 < len(tail) else n
        outer.attachments.append(AttachmentSection(num, title, hs, body_at, nxt))
    disc = list(P.DISCLOSURE.finditer(text, inner_end, n))
    if disc:
        d = disc[-1]
        outer.disclosure = _disclosure(d)
    outer.forwarded = inner
    return outer
