"""Head fields: issuer, number, title, year, program, level, recipients, references."""

from __future__ import annotations

import re
from collections import Counter

from extractor.structure import patterns as P
from extractor.structure.tree import Layer

_PROGRAM = re.compile(rf"(?:\d{{4}}年)?([{P.HAN}]{{0,6}}?示范项目)(?=申报|遴选|推荐|实施方案)")
_PROGRAM_VERBS = re.compile(r"^(?:组织开展|开展|组织|做好|推进|关于)+")
_YEAR_PROGRAM = re.compile(rf"(\d{{4}})年[{P.HAN}]{{0,8}}?示范项目")
# A cited document with its title: 《…》（工信厅信软函〔2018〕46号）
_CITED = re.compile(r"《(?P<title>[^《》\n]{2,120})》\s*[（(](?P<no>[^（）()\n]{4,40}?号)")
_GOVERNMENT = re.compile(r"(?:部|厅|委|局|政府|办公厅|办公室|委员会|国务院)$")
_FILE_NUMBER = re.compile(r"^[ \t]*(?:文号|档号|编号|发文字号)\s*[：:]\s*(?P<no>[A-Za-z0-9/\-〔〕\[\]（）()\u4e00-\u9fff]{4,40})[ \t]*$", re.M)
_ISSUER_FROM_TITLE = re.compile(rf"^([{P.HAN}]{{2,30}}?)(?:转发)?关于")


def references(text: str, own: str | None) -> list[tuple[str, int, int]]:
    """Document numbers the text cites, in order of first appearance, without its own."""
    seen: dict[str, tuple[str, int, int]] = {}
    for m in P.doc_numbers(text):
        no = P.normalize_doc_number(m)
        if no != own and no not in seen:
            seen[no] = (no, m.start(), m.end())
    return list(seen.values())


def cited_program_years(text: str) -> list[int]:
    """Years of cited documents whose titles are notices of this kind of programme (示范项目…)."""
    years = []
    for m in _CITED.finditer(text):
        num = P.DOC_NUMBER.search(m.group("no"))
        if num and "示范" in m.group("title"):
            years.append(int(num.group("year")))
    return years


def program(text: str, title: str | None) -> tuple[str, int, int] | None:
    if title:
        m = _PROGRAM.search(title)
        if m:
            return _PROGRAM_VERBS.sub("", m.group(1)), -1, -1
    found = [(_PROGRAM_VERBS.sub("", m.group(1)), m.start(1), m.end(1)) for m in _PROGRAM.finditer(text)]
    if not found:
        return None
    best, _ = Counter(f[0] for f in found).most_common(1)[0]
    return next(f for f in found if f[0] == best)


def year(text: str, title: str | None, doc_number: str | None) -> int | None:
    """The edition year: from the title, the text's own "2021年…示范项目", its number, or what it cites."""
    for source in (title or "", text):
        m = _YEAR_PROGRAM.search(source)
        if m:
            return int(m.group(1))
    if doc_number:
        m = P.DOC_NUMBER.search(doc_number)
        if m:
            return int(m.group("year"))
    cited = cited_program_years(text)
    return max(cited) if cited else None


def issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    m = _ISSUER_FROM_TITLE.match(title)
    return m.group(1) if m else None


def level(issuer: str | None, text: str) -> str | None:
    """national / provincial / municipal, from who issues it (or who organises, for a bare guide)."""
    from corpora import city_index, provinces

    if issuer:
        if not _GOVERNMENT.search(issuer):
            return None  # an association or company forwarding a notice is no level of government
        for prov in provinces():
            if issuer.startswith((prov.name, prov.short_name)):
                return "municipal" if prov.is_municipality else "provincial"
        idx = city_index()
        for n in range(min(len(issuer), 8), 1, -1):
            div = idx.get(issuer[:n])
            if div is not None and div.is_city:
                return "municipal"
        if issuer.startswith("市") or "市人民政府" in issuer:
            return "municipal"
        if issuer.startswith("省"):
            return "provincial"
        if re.search(r"(?:部|国务院|委员会)(?:办公厅)?$", issuer) or "部" in issuer:
            return "national"
        return None
    # No head: a ministry guide says the ministry will organise the selection.
    if re.search(r"(?:报送|报)(?:工业和信息化部|[\u4e00-\u9fff]{2,8}部)", text) or re.search(
        r"[\u4e00-\u9fff]{2,10}部将", text
    ):
        return "national"
    return None


def recipients(value: str) -> list[str]:
    return [r.strip() for r in re.split(r"[，,]", value) if r.strip()]


def head_fields(text: str, layer: Layer) -> dict[str, object]:
    title = layer.title[0] if layer.title else None
    doc_number = layer.doc_number[0] if layer.doc_number else None
    if doc_number is None and layer.title:
        # A number printed as a labelled line (档号：…) in the head, above the title.
        fm = _FILE_NUMBER.search(text, 0, layer.title[1])
        doc_number = fm.group("no") if fm else None
    issuer = layer.issuer[0] if layer.issuer else issuer_from_title(title)
    return {
        "issuer": issuer,
        "doc_number": doc_number,
        "title": title,
        "year": year(text, title, doc_number),
        "level": level(issuer, text),
        "recipients": recipients(layer.recipients[0]) if layer.recipients else [],
        "date": (layer.date[0] or None) if layer.date else None,
        "signature": layer.signature[0] if layer.signature else None,
        "disclosure": layer.disclosure[0] if layer.disclosure else None,
    }
