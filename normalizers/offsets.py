"""Alignments: which span of the input each span of a fixed text came from.

An alignment is a list of blocks covering the output in order. A block is either *positional*
(output and input spans have the same length and correspond character by character) or a
*replacement* (the output span as a whole came from the input span as a whole). A `Chain` of
every step's alignment, walked back, gives the map from the final text to the original document.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

Edit = tuple[int, int, str]  # replace input[start:end] with the string


@dataclass(frozen=True)
class Block:
    out_start: int
    out_end: int
    in_start: int
    in_end: int
    positional: bool


class Alignment:
    """Maps spans of an output text back to spans of the input text it was made from."""

    __slots__ = ("blocks", "in_len", "out_len", "_starts")

    def __init__(self, blocks: list[Block], in_len: int, out_len: int) -> None:
        self.blocks = blocks
        self.in_len = in_len
        self.out_len = out_len
        self._starts = [b.out_start for b in blocks]

    @classmethod
    def from_edits(cls, in_len: int, edits: Iterable[Edit]) -> Alignment:
        """Alignment of applying non-overlapping, sorted `edits` to a text of `in_len` characters."""
        blocks: list[Block] = []
        pos = 0  # in input
        out = 0
        for start, end, repl in edits:
            if start > pos:
                blocks.append(Block(out, out + start - pos, pos, start, True))
                out += start - pos
            n = len(repl)
            # An edit that keeps the length (a width or script fix) maps character by character.
            blocks.append(Block(out, out + n, start, end, n == end - start))
            out += n
            pos = end
        if pos < in_len:
            blocks.append(Block(out, out + in_len - pos, pos, in_len, True))
            out += in_len - pos
        blocks = [b for b in blocks if b.out_end > b.out_start or b.in_end > b.in_start]
        return cls(blocks, in_len, out)

    def _block_at(self, pos: int) -> int:
        """Index of the block holding output position `pos` (the last one for pos == out_len)."""
        i = bisect_right(self._starts, pos) - 1
        # Skip empty-output blocks (deletions) so that a position lands on real text.
        while i > 0 and self.blocks[i].out_end == self.blocks[i].out_start:
            i -= 1
        return max(i, 0)

    def map_point(self, pos: int, *, end: bool = False) -> int:
        """Input position for output position `pos`; `end` picks the end side of a replacement."""
        if not self.blocks:
            return 0
        if pos >= self.out_len:
            return self.in_len
        if pos <= 0 and not end:
            return self.blocks[0].in_start if self.blocks[0].out_start == 0 else 0
        i = self._block_at(pos - 1 if end else pos)
        b = self.blocks[i]
        if b.positional:
            return b.in_start + ((pos - 1 if end else pos) - b.out_start) + (1 if end else 0)
        return b.in_end if end else b.in_start

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Input span of output span [start, end)."""
        start = min(max(start, 0), self.out_len)
        end = min(max(end, start), self.out_len)
        if start == end:
            p = self.map_point(start)
            return p, p
        s = self.map_point(start)
        e = self.map_point(end, end=True)
        return s, max(s, e)


class Edits(Protocol):
    def edits(self, text: str) -> list[Edit]: ...


class Chain:
    """The fixes applied, each with the text it was applied to, mapped through in reverse when asked.

    Normalising substitutes in C and records only which fix ran on which text; a span is mapped
    back rarely (evidence), so a fix's edits and alignment are worked out on the first query.
    """

    __slots__ = ("_pending", "_steps", "in_len", "out_len")

    def __init__(self, length: int) -> None:
        self._pending: list[tuple[Edits, str]] = []
        self._steps: list[Alignment] = []
        self.in_len = length
        self.out_len = length

    def append(self, fix: Edits, text: str, out_len: int) -> None:
        self._pending.append((fix, text))
        self.out_len = out_len

    @property
    def steps(self) -> list[Alignment]:
        for fix, text in self._pending[len(self._steps) :]:
            self._steps.append(Alignment.from_edits(len(text), fix.edits(text)))
        return self._steps

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        start = min(max(start, 0), self.out_len)
        end = min(max(end, start), self.out_len)
        for alignment in reversed(self.steps):
            start, end = alignment.map_span(start, end)
        return start, end


def apply_edits(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for start, end, repl in edits:
        parts.append(text[pos:start])
        parts.append(repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
