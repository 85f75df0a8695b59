"""Passages and search tokens: the one place that decides what the full-text index sees.

A passage is a paragraph of the normalised text (long ones cut at sentence ends), kept with its
offsets so a search hit is evidence like any other. Its index tokens are jieba's search-mode
tokens (the policy dictionary's words plus their two- and three-character sub-words), lowercased,
cut to word characters exactly as SQLite's ``unicode61`` tokenizer would cut them, so that SQLite
FTS5 and PostgreSQL see the same lexemes. Plain data in, plain data out; jieba is the only import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_PASSAGE = 300  # characters: a long paragraph is cut at sentence ends so a hit stays readable
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[。；！？;!?])")


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str
    tokens: str  # index tokens, space separated


def _lexemes(token: str) -> list[str]:
    # "5G+" -> ["5g"]; "1.5" -> ["1", "5"]: what unicode61 would make of the same token.
    return [w.lower() for w in _WORD.findall(token)]


def index_tokens(text: str) -> list[str]:
    """Search-mode tokens of a text, as lexemes.

    >>> index_tokens("信息消费示范城市名单，5G+")
    ['信息', '消费', '示范', '城市', '信息消费示范城市', '名单', '5g']
    """
    from extractor.nlp import jieba_tokenizer

    out: list[str] = []
    for token in jieba_tokenizer().cut_for_search(text):
        out.extend(_lexemes(token))
    return out


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans of `text`, blank lines dropped, long paragraphs cut at sentence ends."""
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        start = line_start + len(line) - len(line.lstrip())
        end = start + len(stripped)
        if end - start <= MAX_PASSAGE:
            yield start, end
            continue
        piece_start = start
        cuts = [m.start() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
        last = start
        for cut in cuts:
            if cut - piece_start > MAX_PASSAGE and last > piece_start:
                yield piece_start, last
                piece_start = last
            last = cut
        # A sentence longer than the limit stays whole: cutting mid-sentence would split words.
        if piece_start < end:
            yield piece_start, end


def passages(text: str) -> list[Passage]:
    """The passages of a normalised text, with their index tokens.

    >>> [(p.start, p.end, p.text) for p in passages("一、总体思路\\n\\n  支持5G。")]
    [(0, 6, '一、总体思路'), (10, 15, '支持5G。')]
    """
    out: list[Passage] = []
    for start, end in _spans(text):
        chunk = text[start:end]
        tokens = index_tokens(chunk)
        if tokens:
            out.append(Passage(start, end, chunk, " ".join(tokens)))
    return out


@dataclass(frozen=True)
class Query:
    """A search query as terms: each term matches its whole word, or else all of its sub-words."""

    text: str
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # (word, sub-words)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax."""
        parts = []
        for word, subs in self.terms:
            if subs:
                parts.append(f'("{word}" OR (' + " AND ".join(f'"{s}"' for s in subs) + "))")
            else:
                parts.append(f'"{word}"')
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """PostgreSQL tsquery input syntax; lexemes quoted, so no parser or locale touches them."""
        parts = []
        for word, subs in self.terms:
            if subs:
                parts.append(f"('{word}' | (" + " & ".join(f"'{s}'" for s in subs) + "))")
            else:
                parts.append(f"'{word}'")
        return " & ".join(parts)

    @property
    def words(self) -> list[str]:
        return [w for w, _ in self.terms]


def parse_query(text: str) -> Query:
    """Cut a query the way the index was cut.

    The text around a word decides how jieba cuts it: 示范城市 alone is one word, inside
    信息消费示范城市 it is not. So each query word also matches as the set of its sub-words.

    >>> parse_query("示范城市 名单").terms
    (('示范城市', ('示范', '城市')), ('名单', ()))
    """
    from extractor.nlp import jieba_tokenizer

    tok = jieba_tokenizer()
    terms: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for token in tok.lcut(text):
        for word in _lexemes(token):
            if word in seen:
                continue
            seen.add(word)
            subs: list[str] = []
            for sub in tok.cut_for_search(word):
                for lex in _lexemes(sub):
                    if lex != word and lex not in subs:
                        subs.append(lex)
            terms.append((word, tuple(subs)))
    if not terms:
        raise ValueError(f"the query {text!r} has no words to search for")
    return Query(text, tuple(terms))


def hits(passage_text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query shows in a passage (offsets within it): the whole query if it is there,
    else each of its words, else each sub-word."""
    whole = "".join(query.text.split()).lower()
    low = passage_text.lower()
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(whole), low)] if whole else []
    if found:
        return found
    for word, subs in query.terms:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(word), low)]
        if not spans:
            for sub in subs:
                spans += [(m.start(), m.end()) for m in re.finditer(re.escape(sub), low)]
        found += spans
    return sorted(set(found))
