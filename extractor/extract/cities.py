"""Demonstration-city lists by tier, each city resolved to its province through corpora/."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz, process

from extractor.nlp import entities
from models import City, CityList, Evidence
from normalizers.numerals import NUMBER, parse_int

# 综合型信息消费示范城市（15 个）  — a tier heading, on its own line or run into a paragraph.
_TIER = re.compile(
    rf"(?:^|(?<=[\n；;。：:、]))[ \t]*(?:[一二三四五六七八九十]+、)?[ \t]*"
    rf"(?P<tier>[\u4e00-\u9fff]{{1,6}}型[\u4e00-\u9fff]{{0,10}}城市)[ \t]*"
    rf"(?:[（(]\s*(?P<n>{NUMBER})\s*个\s*[）)])?[ \t]*[：:]?",
    re.M,
)
_TIER_CORE = re.compile(r"型[\u4e00-\u9fff]{0,10}城市")
_MIN_CITIES = 2  # fewer than this after a tier phrase: prose that mentions a tier, not a list


@lru_cache(maxsize=1)
def resolver() -> Callable[[str], tuple[str, str, str] | None]:
    """A function from a written city name (with or without 市, or with a typo) to its record."""
    from corpora import city_index

    index = {k: v for k, v in city_index().items() if v.is_city}
    full_names = sorted({v.name for v in index.values()})

    by_name = {v.name: v for v in index.values()}

    @lru_cache(maxsize=4096)
    def resolve(token: str) -> tuple[str, str, str] | None:
        token = token.strip()
        if len(token) < 2:
            return None
        div = index.get(token)
        if div is None and len(token) >= 3:
            # A typo or a variant: one close full name, clearly ahead of the rest.
            hits = process.extract(token, full_names, scorer=fuzz.ratio, limit=2)
            if hits and hits[0][1] >= 80 and (len(hits) == 1 or hits[0][1] - hits[1][1] >= 10):
                div = by_name[hits[0][0]]
        if div is None:
            return None
        return div.name, div.province, div.code

    return resolve


def find_city_lists(text: str, evidence: Callable[[int, int], Evidence]) -> list[CityList]:
    resolve = resolver()
    # The full tier pattern is tried only where its core (…型…城市) occurs: scanning the whole
    # notice with it costs more than the rest of the city extraction.
    found: dict[int, re.Match[str]] = {}
    for core in _TIER_CORE.finditer(text):
        tm = _TIER.search(text, max(0, core.start() - 16), min(len(text), core.end() + 24))
        if tm:
            found.setdefault(tm.start(), tm)
    tiers = [found[k] for k in sorted(found)]
    out: list[CityList] = []
    for i, m in enumerate(tiers):
        limit = tiers[i + 1].start() if i + 1 < len(tiers) else len(text)
        # The list is the rest of the heading's line, or else the next paragraph.
        line_end = text.find("\n", m.end())
        line_end = limit if line_end == -1 else min(line_end, limit)
        start, end = m.end(), line_end
        if not text[start:end].strip():
            start = m.end() + len(text[m.end():limit]) - len(text[m.end():limit].lstrip())
            para_end = text.find("\n\n", start)
            end = limit if para_end == -1 else min(para_end, limit)
        cities: list[City] = []
        region = text[start:end]
        # Places the entity layer recognises, by their offsets; the rest of each list item is
        # tried with the fuzzy resolver (a typo, an old name).
        places = {s: e for label, _t, s, e, _id in entities(region) if label == "GPE"}
        for tm in re.finditer(r"[^、，,；;。\s]+", region):
            token = tm.group(0)
            if tm.start() in places and places[tm.start()] <= tm.end():
                token = region[tm.start() : places[tm.start()]]
            hit = resolve(token)
            if hit is None:
                continue
            name, province, code = hit
            cities.append(City(name=name, province=province, code=code,
                               evidence=evidence(start + tm.start(), start + tm.end())))
        if len(cities) < _MIN_CITIES:
            continue
        declared = parse_int(m.group("n")) if m.group("n") else None
        out.append(CityList(tier=m.group("tier"), declared_count=declared, cities=cities,
                            count_mismatch=declared is not None and declared != len(cities),
                            evidence=evidence(m.start("tier"), end)))
    return out
