"""What a text is made of, in one vectorised look: for a few named classes of characters, how many
of the text's characters belong to each, and which distinct ones occur.

`re` tests a character class at ~5 ns a character and builds a string for every hit (a Traditional
notice has one every third character). A table indexed by code point, read for the whole text at
once with numpy, answers in ~1 ns a character whatever the hits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_BMP = 0x10000
# Tables have one entry past the BMP, never set: code points beyond are clipped onto it.
_SIZE = _BMP + 1
# Up to this many characters picked out go into a set in Python (a set of them costs about what
# the four numpy calls that sort them out otherwise do); a Traditional notice has far more.
_FEW = 256


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
        self._made = {name: _check(chars) for name, chars in self._sources.items() if isinstance(chars, str)}
        self._tables: dict[str, np.ndarray] = {}
        self._given_table: np.ndarray | None = None
        self._members: dict[str, frozenset[int]] = {}

    def _chars(self, name: str) -> str:
        """The class's characters; a class given as a function is made, and checked, when first asked for."""
        chars = self._made.get(name)
        if chars is None:
            source = self._sources[name]
            chars = self._made[name] = _check(source() if callable(source) else source)
        return chars

    def given_table(self) -> np.ndarray:
        """Every class given as characters, in one table: a text is looked at once for all of them."""
        if self._given_table is None:
            self._given_table = _table("".join(c for c in self._sources.values() if isinstance(c, str)))
        return self._given_table

    def table(self, name: str) -> np.ndarray:
        """The class as a lookup table: 64 KB, which stays in cache. A character beyond the BMP is
        looked up in its last entry, which no class holds."""
        if name not in self._tables:
            self._tables[name] = _table(self._chars(name))
        return self._tables[name]

    def members(self, name: str) -> frozenset[int]:
        """The class as code points, to ask a few characters about in Python."""
        if name not in self._members:
            self._members[name] = frozenset(map(ord, self._chars(name)))
        return self._members[name]

    def given(self, name: str) -> bool:
        return isinstance(self._sources[name], str)

    def take(self, text: str) -> Tally:
        import numpy as np

        # The code points as numpy copies a str into a UCS-4 array: widening the str's own buffer,
        # no codec (encoding to UTF-16 costs three times as much). An empty str would become one NUL.
        codes = np.array(text).reshape(1).view(np.uint32) if text else np.zeros(0, np.uint32)
        return Tally(self, codes)


def _table(chars: str) -> np.ndarray:
    import numpy as np  # here, not at import: start-up of the CLI does not pay for it

    table = np.zeros(_SIZE, dtype=bool)
    if chars:
        table[np.fromiter(map(ord, set(chars)), dtype=np.intp)] = True
    return table


class Tally:
    """One text's census. The characters of every class given as characters are picked out at
    once; when there are few (a Simplified notice picks out tens to hundreds, of a few kinds),
    which classes they belong to is asked of the distinct ones in Python (each numpy call costs
    microseconds, more once the regex passes in between have pushed numpy out of the cache). A
    class given as a function is looked up in the whole text when first asked for."""

    __slots__ = ("_census", "_codes", "_counts", "_distinct", "_hits")

    def __init__(self, census: Census, codes: np.ndarray) -> None:
        self._census = census
        self._codes = codes
        self._hits = hits = codes.compress(_look_up(census.given_table(), codes))
        self._distinct = frozenset(hits.tolist()) if len(hits) <= _FEW else None
        self._counts: dict[str, int] = {}

    def count(self, name: str) -> int:
        """How many characters of the text are in the class."""
        n = self._counts.get(name)
        if n is None:
            import numpy as np

            census, found = self._census, self._distinct
            if not census.given(name):
                n = int(np.count_nonzero(_look_up(census.table(name), self._codes)))
            elif found is not None and census.members(name).isdisjoint(found):
                n = 0
            else:
                n = int(np.count_nonzero(_look_up(census.table(name), self._hits)))
            self._counts[name] = n
        return n

    def codes(self, name: str) -> frozenset[int]:
        """The distinct code points of the class that occur in the text."""
        census, found = self._census, self._distinct
        given = census.given(name)
        if given and found is not None:
            return census.members(name) & found
        source = self._hits if given else self._codes
        return frozenset(source.compress(_look_up(census.table(name), source)).tolist())

    def chars(self, name: str) -> frozenset[str]:
        """The distinct characters of the class that occur in the text."""
        return frozenset(map(chr, self.codes(name)))


def _look_up(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Whether each code point is in the table's class ("clip": beyond the BMP reads the last entry)."""
    return table.take(codes, mode="clip")
