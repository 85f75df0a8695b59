"""What a text is made of, in one vectorised look: for a few named classes of characters, how many
of the text's characters belong to each, and which distinct ones occur.

`re` tests a character class at ~5 ns a character and builds a string for every hit (a Traditional
notice has one every third character). A table per class indexed by code point, read for the
whole text at once with numpy, answers in ~1 ns a character whatever the hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_BMP = 0x10000


class Census:
    """Named character classes, counted together. Built once per set of classes."""

    def __init__(self, classes: Mapping[str, str]) -> None:
        import numpy as np  # here, not at import: start-up of the CLI does not pay for it

        if any(ord(c) >= _BMP for chars in classes.values() for c in chars):
            raise ValueError("a census counts characters of the Basic Multilingual Plane only")
        # 64 KB a class, which stays in cache: text is read as UTF-16, where a character beyond
        # the BMP is two surrogates, and no class holds a surrogate.
        self._tables: dict[str, np.ndarray] = {}
        for name, chars in classes.items():
            table = np.zeros(_BMP, dtype=bool)
            if chars:
                table[np.fromiter(map(ord, set(chars)), dtype=np.intp)] = True
            self._tables[name] = table

    def take(self, text: str) -> Tally:
        import numpy as np

        # One encoding in C, no object per character; "surrogatepass" keeps lone surrogates countable.
        return Tally(self._tables, np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16))


class Tally:
    """One text's census. Each class is looked up when first asked for."""

    __slots__ = ("_tables", "_codes", "_counts")

    def __init__(self, tables: dict[str, np.ndarray], codes: np.ndarray) -> None:
        self._tables = tables
        self._codes = codes
        self._counts: dict[str, int] = {}

    def count(self, name: str) -> int:
        """How many characters of the text are in the class."""
        if name not in self._counts:
            import numpy as np

            self._counts[name] = int(np.count_nonzero(self._tables[name].take(self._codes)))
        return self._counts[name]

    def chars(self, name: str) -> frozenset[str]:
        """The distinct characters of the class that occur in the text."""
        hits = self._codes[self._tables[name].take(self._codes)].tolist()
        self._counts[name] = len(hits)
        return frozenset(map(chr, set(hits)))
