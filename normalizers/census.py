"""What a text is made of, in one vectorised look: for a few named classes of characters, how many
of the text's characters belong to each, and which distinct ones occur.

`re` tests a character class at ~5 ns a character and builds a string for every hit (a Traditional
notice has one every third character). A table per class indexed by code point, read for the
whole text at once with numpy, answers in ~1 ns a character whatever the hits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_BMP = 0x10000


def _check(chars: str) -> str:
    if any(ord(c) >= _BMP for c in chars):
        raise ValueError("a census counts characters of the Basic Multilingual Plane only")
    return chars


class Census:
    """Named character classes, counted together. Built once per set of classes; a class given as
    a function is made the first time a text is asked about it (what only Traditional text needs
    costs nothing until one comes)."""

    def __init__(self, classes: Mapping[str, str | Callable[[], str]]) -> None:
        self._sources = dict(classes)
        self._tables: dict[str, np.ndarray] = {}
        for chars in self._sources.values():
            if isinstance(chars, str):
                _check(chars)

    def table(self, name: str) -> np.ndarray:
        """The class as a lookup table: 64 KB, which stays in cache. Text is read as UTF-16, where
        a character beyond the BMP is two surrogates, and no class holds a surrogate."""
        if name not in self._tables:
            import numpy as np  # here, not at import: start-up of the CLI does not pay for it

            source = self._sources[name]
            chars = _check(source()) if callable(source) else source
            table = np.zeros(_BMP, dtype=bool)
            if chars:
                table[np.fromiter(map(ord, set(chars)), dtype=np.intp)] = True
            self._tables[name] = table
        return self._tables[name]

    def take(self, text: str) -> Tally:
        import numpy as np

        # One encoding in C, no object per character; "surrogatepass" keeps lone surrogates countable.
        # "utf-16" (the machine's own byte order, which numpy reads, after a two-byte mark) is one
        # of the names `str.encode` serves without a codec lookup ("utf-16-le" is not).
        codes = np.frombuffer(text.encode("utf-16", "surrogatepass"), dtype=np.uint16, offset=2)
        return Tally(self, codes)


class Tally:
    """One text's census. Each class is looked up when first asked for."""

    __slots__ = ("_census", "_codes", "_counts")

    def __init__(self, census: Census, codes: np.ndarray) -> None:
        self._census = census
        self._codes = codes
        self._counts: dict[str, int] = {}

    def count(self, name: str) -> int:
        """How many characters of the text are in the class."""
        if name not in self._counts:
            import numpy as np

            self._counts[name] = int(np.count_nonzero(self._census.table(name).take(self._codes)))
        return self._counts[name]

    def chars(self, name: str) -> frozenset[str]:
        """The distinct characters of the class that occur in the text."""
        hits = self._codes[self._census.table(name).take(self._codes)].tolist()
        self._counts[name] = len(hits)
        return frozenset(map(chr, set(hits)))
