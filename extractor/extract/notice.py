"""Assemble a Notice from a document: structure first, then every extractor on each layer."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from extractor.document import Document
from extractor.extract import head as H
from extractor.extract.cities import find_city_lists, resolver
from extractor.extract.contacts import find_addresses, find_contacts, find_urls
from extractor.extract.deadlines import find_deadlines
from extractor.extract.directions import find_directions
from extractor.extract.quotas import find_quotas
from extractor.extract.requirements import find_eligibility, find_submission
from extractor.forms.schema import read_templates
from extractor.structure.tree import Layer, parse_tree, squash_title
from models import Attachment, Notice

_INLINE_ATTACHMENT = re.compile(r"《(?P<title>[^《》\n]{2,60})》\s*[（(]\s*(?:详)?见附件\s*(?P<num>\d*)")


def _attachments(doc: Document, layer: Layer, text: str) -> list[Attachment]:
    out: list[Attachment] = []
    sections = list(layer.attachments)
    for item in layer.attachment_list:
        present = any(
            (s.number == item.number or (s.number is None and len(layer.attachment_list) == 1))
            and fuzz.partial_ratio(squash_title(item.title), squash_title(s.title)) >= 60
            for s in sections
        )
        out.append(Attachment(number=item.number, title=item.title, present=present,
                              evidence=doc.evidence(item.start, item.end)))
    if not out:
        # No list: an attachment named in the text, 《…申报书》（见附件）.
        for m in _INLINE_ATTACHMENT.finditer(text):
            num = int(m.group("num")) if m.group("num") else len(out) + 1
            if any(a.number == num for a in out):
                continue
            present = any(fuzz.partial_ratio(squash_title(m.group("title")), squash_title(s.title)) >= 80 for s in sections)
            out.append(Attachment(number=num, title=m.group("title"), present=present,
                                  evidence=doc.evidence(m.start("title"), m.end("title"))))
    return out


def extract_layer(doc: Document, layer: Layer, *, with_nlp: bool = True) -> Notice:
    text = layer.mask(doc.text)
    ev = doc.evidence
    fields = H.head_fields(text, layer)
    refs = H.references(text, fields["doc_number"])  # type: ignore[arg-type]
    prog = H.program(text, fields["title"])  # type: ignore[arg-type]
    year = fields["year"]
    default_year = year if isinstance(year, int) else None
    kw = None
    if with_nlp:
        from extractor.nlp import keywords

        kw = keywords
    found = find_directions(text, ev, kw)
    resolve = resolver()
    notice = Notice(
        issuer=fields["issuer"],  # type: ignore[arg-type]
        doc_number=fields["doc_number"],  # type: ignore[arg-type]
        title=fields["title"],  # type: ignore[arg-type]
        year=default_year,
        program=prog[0] if prog else None,
        level=fields["level"],  # type: ignore[arg-type]
        recipients=fields["recipients"],  # type: ignore[arg-type]
        date=fields["date"],  # type: ignore[arg-type]
        signature=fields["signature"],  # type: ignore[arg-type]
        disclosure=fields["disclosure"],  # type: ignore[arg-type]
        categories=found.categories,
        directions=found.directions,
        quotas=find_quotas(text, ev, lambda s: (r[0] if (r := resolve(s)) else None)),
        city_lists=find_city_lists(text, ev),
        deadlines=find_deadlines(text, ev, default_year),
        contacts=find_contacts(text, ev),
        addresses=find_addresses(text, ev),
        urls=find_urls(text, ev),
        attachments=_attachments(doc, layer, text),
        submission=find_submission(text, ev),
        eligibility=find_eligibility(text, ev),
        references=[r[0] for r in refs],
        forms=read_templates(doc.text, layer, doc.evidence),
    )
    for cl in notice.city_lists:
        if cl.count_mismatch:
            notice.warnings.append(
                f"city list {cl.tier}: declares {cl.declared_count} cities but lists {len(cl.cities)}"
            )
    for a in notice.attachments:
        if not a.present:
            notice.warnings.append(f"attachment {a.number} {a.title} is listed but not included")
    if layer.forwarded is not None:
        notice.forwarded = extract_layer(doc, layer.forwarded, with_nlp=with_nlp)
    return notice


def extract_notice(doc: Document, *, with_nlp: bool = True) -> Notice:
    notice = extract_layer(doc, parse_tree(doc.text), with_nlp=with_nlp)
    notice.source = doc.source()
    return notice
