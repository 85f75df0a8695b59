"""What a text is made of, in one vectorised look: for a few named classes of characters, how many
of the text's characters belong to each, and which distinct ones occur.

`re` tests a character class at ~5 ns a character and builds a string for every hit (a Traditional
notice has one every third character). A table of bit flags indexed by code point, read for the
whole text at once with numpy, answers in ~1 ns a character whatever the hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_BMP = 0x10000


class Census:
    """Up to eight named character classes, counted together. Built once per set of classes."""

    def __init__(self, classes: Mapping[str, str]) -> None:
        import numpy as np  # here, not at import: start-up of the CLI does not pay for it

        if len(classes) > 8:
            raise ValueError("a census counts at most eight classes (one bit each of a byte)")
        if any(ord(c) >= _BMP for chars in classes.values() for c in chars):
            raise ValueError("a census counts characters of the Basic Multilingual Plane only")
        self._bits = {name: 1 << i for i, name in enumerate(classes)}
        # 64 KB, which stays in cache: text is read as UTF-16, where a character beyond the
        # BMP is two surrogates, and no class holds a surrogate.
        self._table = np.zeros(_BMP, dtype=np.uint8)
        for name, chars in classes.items():
            if chars:
                self._table[np.fromiter(map(ord, set(chars)), dtype=np.intp)] |= self._bits[name]

    def take(self, text: str) -> Tally:
        import numpy as np

        # One encoding in C, no object per character; "surrogatepass" keeps lone surrogates countable.
        codes = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        return Tally(self._bits, codes, self._table.take(codes))


class Tally:
    """One text's census. Counts and characters are worked out when first asked for."""

    __slots__ = ("_bits", "_codes", "_flags", "_counts")

    def __init__(self, bits: dict[str, int], codes: np.ndarray, flags: np.ndarray) -> None:
        self._bits = bits
        self._codes = codes
        self._flags = flags
        self._counts: dict[str, int] = {}

    def count(self, name: str) -> int:
        """How many characters of the text are in the class."""
        if name not in self._counts:
            import numpy as np

            self._counts[name] = int(np.count_nonzero(self._flags & self._bits[name]))
        return self._counts[name]

    def chars(self, name: str) -> frozenset[str]:
        """The distinct characters of the class that occur in the text."""
        hits = self._codes[(self._flags & self._bits[name]).astype(bool)].tolist()
        self._counts[name] = len(hits)
        return frozenset(map(chr, set(hits)))
