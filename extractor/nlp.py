"""The entity layer: spaCy `blank("zh")` with the jieba segmenter and the policy-term dictionary.

A span ruler fed from corpora/ marks places (GPE), organisations (ORG) and unit types
(UNIT_TYPE); a regex component marks dates, phone numbers, amounts and document numbers, which
jieba splits in too many ways for token patterns to be reliable. Built once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extractor.structure.patterns import DATE, doc_numbers

PHONE = re.compile(  # the lookahead, implied by the alternatives, spares other characters trying them
    r"(?=[+（(\d])(?<![\d-])(?:(?:\+|[（(])?852[）)]?[- ]?\d{4}[- ]?\d{4}"
    r"|0\d{2,3}[-—]\d{3,4} ?\d{4}(?:\s*(?:转|-|—|ext\.?)\s*\d{1,5})?"
    r"|1[3-9]\d ?\d{4} ?\d{4}|\d{3,4}-\d{7,8}|\d{8})(?![\d])"
)
# "\d\d*", not "\d+": a pattern that opens on one character class lets `re` skip to it.
MONEY = re.compile(r"\d\d*(?:\.\d+)?\s*(?:亿元|万元|元)")
_REGEX_LABELS = (("DOCNO", doc_numbers), ("PHONE", PHONE.finditer), ("MONEY", MONEY.finditer), ("DATE", DATE.finditer))


@lru_cache(maxsize=1)
def jieba_tokenizer() -> Any:
    """A jieba tokenizer with the policy terms and place names kept whole."""
    import jieba

    from corpora import city_index, policy_terms_path

    jieba.setLogLevel(60)
    # The module-level tokenizer, shared with spaCy's segmenter and the keyword extractor: one
    # dictionary in memory (a second Tokenizer costs ~130 MB).
    tok = jieba.dt
    tok.load_userdict(policy_terms_path())
    for name in city_index():
        tok.add_word(name, freq=20000)
    return tok


def segment(text: str) -> list[str]:
    return [w for w in jieba_tokenizer().lcut(text) if w.strip()]


@lru_cache(maxsize=1)
def _keyword_extractor() -> Any:
    from jieba.analyse import TFIDF

    jieba_tokenizer()  # the shared dictionary, with the policy terms
    return TFIDF()


def keywords(text: str, k: int = 8) -> list[str]:
    """Keywords of a direction's text (TF-IDF over jieba tokens, policy terms whole)."""
    return [w for w in _keyword_extractor().extract_tags(text, topK=k) if not w.isdigit()]


def _regex_entities(doc: Any) -> Any:
    from spacy.util import filter_spans

    spans = list(doc.ents)
    for label, find in _REGEX_LABELS:
        for m in find(doc.text):
            span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The spaCy pipeline, built once: jieba segmenter, span ruler from corpora, regex entities."""
    import spacy
    from spacy.language import Language

    from corpora import city_index, organizations, provinces, unit_types

    if not Language.has_factory("regex_entities"):
        Language.component("regex_entities")(_regex_entities)
    import jieba

    jieba.setLogLevel(60)  # its "Building prefix dict" chatter is not for our users
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba_tokenizer()  # spaCy's jieba segmenter uses the same module-level dictionary
    patterns: list[dict[str, Any]] = []
    for name, div in city_index().items():
        patterns.append({"label": "GPE", "pattern": name, "id": div.code})
    for prov in provinces():
        patterns.append({"label": "GPE", "pattern": prov.name, "id": prov.code})
    for org in organizations():
        jieba.add_word(org, freq=20000)
        patterns.append({"label": "ORG", "pattern": org})
    for unit in unit_types():
        patterns.append({"label": "UNIT_TYPE", "pattern": unit})
    # The span ruler writing entities, not the entity ruler: that one counts its thousands of
    # patterns on every document (~0.15 ms) only to warn if there are none.
    ruler = nlp.add_pipe("span_ruler", config={"phrase_matcher_attr": "ORTH", "spans_key": None,
                                               "annotate_ents": True, "overwrite": True})
    ruler.add_patterns(patterns)
    nlp.add_pipe("regex_entities")
    return nlp


def entities(text: str) -> list[tuple[str, str, int, int, str]]:
    """(label, text, start, end, id) of every entity in `text`."""
    doc = pipeline()(text)
    return [(e.label_, e.text, e.start_char, e.end_char, e.ent_id_) for e in doc.ents]
