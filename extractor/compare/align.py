"""Which direction of one notice is which direction of another: scores, a global assignment, merges.

Each direction becomes two bags of jieba search-mode tokens (so 物流配送 also yields 物流): its
title, and its title + description + keywords. Tokens are weighted by how rare they are among the
directions of the two notices, so 服务 or 信息消费 count for little and 区块链 for much. The score
of a pair is 0.4 × title cosine + 0.6 × content cosine.

The pairs are chosen by an optimal assignment over the whole matrix (Hungarian algorithm), never
greedily. A pair is confident when each side is the other's best match. A direction left over
joins a confident pair as a merge (or split) only when its title supplies words of the other
title that the pair alone lacks (健康医疗服务 + 在线教育服务 → 医疗教育服务); otherwise, if anything
scores above the candidate floor, it is reported as ambiguous with its candidates and their scores.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.textdiff import fold
from models import Category, Direction, Threshold
from models.diff import Candidate, CategoryChange, DirectionChange, ThresholdChange, WordChange

TITLE_WEIGHT = 0.4
FLOOR = 0.15  # a confident pair needs at least this score
CANDIDATE = 0.12  # a leftover direction with a counterpart scoring this much is ambiguous, not added/removed
MERGE_TITLE_GAIN = 0.2  # share of the other title's weight a merged member must add
WORDING_ONLY = 90  # rapidfuzz ratio of two descriptions above which their differences are wording
CATEGORY_MATCH = 60
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9+]{2,}")


def hungarian(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """The pairs (row, column) with the largest total weight, each row and column used at most once.

    The O(n³) Hungarian algorithm with potentials on the square matrix padded with zeros.

    >>> sorted(hungarian([[0.9, 0.8], [0.85, 0.1]]))  # greedy would take 0.9 and leave 0.1
    [(0, 1), (1, 0)]
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    top = max((w for row in weights for w in row), default=0.0)
    cost = [[top - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)  # p[j]: the row matched to column j (1-based; 0 = none)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return [(p[j] - 1, j - 1) for j in range(1, n + 1) if p[j] and p[j] - 1 < n_rows and j - 1 < n_cols]


def tokens(text: str) -> list[str]:
    """jieba search-mode words of two or more characters (compounds and their parts)."""
    from extractor.nlp import jieba_tokenizer

    return [t for t in jieba_tokenizer().lcut_for_search(text) if _WORD.fullmatch(t)]


class _Space:
    """Token weights (inverse document frequency) over a set of texts, and cosines in that space."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        df = Counter(t for d in docs for t in set(d))
        n = len(docs)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.vectors = [self._vector(d) for d in docs]

    def _vector(self, doc: Sequence[str]) -> dict[str, float]:
        return {t: c * self.idf[t] for t, c in Counter(doc).items()}

    def cosine(self, a: int, b: int) -> float:
        u, v = self.vectors[a], self.vectors[b]
        dot = sum(w * v.get(t, 0.0) for t, w in u.items())
        norm = math.sqrt(sum(w * w for w in u.values()) * sum(w * w for w in v.values()))
        return dot / norm if norm else 0.0


@dataclass
class Scores:
    """The score matrix of old × new directions and what it was built from."""

    old: list[Direction]
    new: list[Direction]
    matrix: list[list[float]]
    title_tokens: list[list[str]] = field(default_factory=list)  # old then new
    title_idf: dict[str, float] = field(default_factory=dict)

    def coverage(self, members: Sequence[int], target: int, members_old: bool) -> float:
        """Share of the target title's word weight found in the members' titles."""
        off_m, off_t = (0, len(self.old)) if members_old else (len(self.old), 0)
        whole = fold(self.title_of(target, not members_old))
        target_words = {t for t in self.title_tokens[off_t + target] if t != whole}
        have = set().union(*(self.title_tokens[off_m + m] for m in members)) if members else set()
        total = sum(self.title_idf.get(t, 0.0) for t in target_words)
        return sum(self.title_idf.get(t, 0.0) for t in target_words & have) / total if total else 0.0

    def title_of(self, index: int, old: bool) -> str:
        return (self.old if old else self.new)[index].title


def score(old: Sequence[Direction], new: Sequence[Direction]) -> Scores:
    dirs = list(old) + list(new)
    titles = [tokens(d.title) for d in dirs]
    content = [tokens(d.title + "。" + d.description) + [k for k in d.keywords if _WORD.fullmatch(k)] for d in dirs]
    ts, cs = _Space(titles), _Space(content)
    n = len(old)
    matrix = [[round(TITLE_WEIGHT * ts.cosine(i, n + j) + (1 - TITLE_WEIGHT) * cs.cosine(i, n + j), 4)
               for j in range(len(new))] for i in range(len(old))]
    return Scores(list(old), list(new), matrix, titles, ts.idf)


def _threshold_text(t: Threshold) -> str:
    cmp = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(t.comparator, t.comparator)
    return f"{cmp}{t.value:g}{t.unit}" + (f"（{t.qualifier}）" if t.qualifier else "")


def threshold_changes(old: Sequence[Threshold], new: Sequence[Threshold]) -> list[ThresholdChange]:
    """Thresholds paired by the quantity they measure: 月活 ≥ 1亿 → ≥ 2亿 is one change."""
    out: list[ThresholdChange] = []
    weights = [[fuzz.ratio(fold(a.quantity), fold(b.quantity)) / 100 for b in new] for a in old]
    pairs = [(i, j) for i, j in hungarian(weights) if weights[i][j] >= 0.6] if old and new else []
    for i, j in pairs:
        a, b = old[i], new[j]
        if _threshold_text(a) != _threshold_text(b):
            out.append(ThresholdChange(change="changed", quantity=b.quantity, old=_threshold_text(a), new=_threshold_text(b),
                                       old_evidence=a.evidence, new_evidence=b.evidence))
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    out += [ThresholdChange(change="removed", quantity=a.quantity, old=_threshold_text(a), old_evidence=a.evidence)
            for i, a in enumerate(old) if i not in paired_old]
    out += [ThresholdChange(change="added", quantity=b.quantity, new=_threshold_text(b), new_evidence=b.evidence)
            for j, b in enumerate(new) if j not in paired_new]
    return out


def align_categories(old: Sequence[Category], new: Sequence[Category]) -> tuple[list[CategoryChange], dict[str, str]]:
    """Category headings paired by title (global assignment); the map old title → new title."""
    if not old or not new:
        return [], {}
    weights = [[fuzz.ratio(fold(a.title), fold(b.title)) / 100 for b in new] for a in old]
    pairs = {i: j for i, j in hungarian(weights) if weights[i][j] * 100 >= CATEGORY_MATCH}
    out: list[CategoryChange] = []
    mapping: dict[str, str] = {}
    for i, a in enumerate(old):
        if i in pairs:
            b = new[pairs[i]]
            mapping[a.title] = b.title
            same = fold(a.title) == fold(b.title)
            out.append(CategoryChange(change="unchanged" if same else "renamed", old=a.title, new=b.title,
                                      similarity=round(weights[i][pairs[i]], 3)))
        else:
            out.append(CategoryChange(change="removed", old=a.title))
    taken = set(pairs.values())
    out += [CategoryChange(change="added", new=b.title) for j, b in enumerate(new) if j not in taken]
    return out, mapping


@dataclass
class _Group:
    old: list[int]
    new: list[int]
    score: float


def _best(values: Sequence[float], skip: set[int]) -> int | None:
    best = None
    for k, v in enumerate(values):
        if k not in skip and (best is None or v > values[best]):
            best = k
    return best


def align(old: Sequence[Direction], new: Sequence[Direction], category_map: dict[str, str] | None = None,
          word_diff: bool = True) -> list[DirectionChange]:
    """Directions of `old` and `new` aligned: unchanged, renamed, modified, merged, split, added, removed."""
    sc = score(old, new)
    m = sc.matrix
    n_old, n_new = len(old), len(new)
    col = [[m[i][j] for i in range(n_old)] for j in range(n_new)]
    groups: list[_Group] = []
    # The same title is the same direction, whatever its description now says.
    forced: dict[int, int] = {}
    new_by_title: dict[str, list[int]] = {}
    for j, d in enumerate(new):
        new_by_title.setdefault(fold(d.title), []).append(j)
    for i, d in enumerate(old):
        js = new_by_title.get(fold(d.title), [])
        if len(js) == 1 and js[0] not in forced.values():
            forced[i] = js[0]
            groups.append(_Group([i], [js[0]], m[i][js[0]]))
    rest_old = [i for i in range(n_old) if i not in forced]
    rest_new = [j for j in range(n_new) if j not in forced.values()]
    sub = [[m[i][j] if m[i][j] >= FLOOR else 0.0 for j in rest_new] for i in rest_old]
    taken_old, taken_new = set(forced), set(forced.values())
    for a, b in hungarian(sub) if rest_old and rest_new else []:
        i, j = rest_old[a], rest_new[b]
        if m[i][j] < FLOOR:
            continue
        mutual = _best(m[i], set(forced.values())) == j and _best(col[j], set(forced)) == i
        if mutual:
            groups.append(_Group([i], [j], m[i][j]))
            taken_old.add(i)
            taken_new.add(j)
    group_of_new = {j: g for g in groups for j in g.new}
    group_of_old = {i: g for g in groups for i in g.old}
    pending: list[DirectionChange] = []
    # Leftover old directions: a merge when the title says so, else removed (with candidates if any).
    for i in range(n_old):
        if i in taken_old:
            continue
        j = _best(m[i], set())
        g = group_of_new.get(j) if j is not None else None
        if g is not None and j is not None and m[i][j] >= FLOOR and len(g.new) == 1 \
                and sc.coverage(g.old + [i], j, True) - sc.coverage(g.old, j, True) >= MERGE_TITLE_GAIN:
            g.old.append(i)
            taken_old.add(i)
            continue
        cands = _candidates(m[i], group_of_new, old_side=True, sc=sc, index=i)
        pending.append(DirectionChange(change="removed", old=[old[i].title], old_numbers=[old[i].number],
                                       old_descriptions=[old[i].description],
                                       ambiguous=bool(cands), candidates=cands,
                                       old_evidence=[e for e in [old[i].evidence] if e],
                                       old_category=old[i].category))
    for j in range(n_new):
        if j in taken_new:
            continue
        i = _best(col[j], set())
        g = group_of_old.get(i) if i is not None else None
        if g is not None and i is not None and col[j][i] >= FLOOR and len(g.old) == 1 \
                and sc.coverage(g.new + [j], i, False) - sc.coverage(g.new, i, False) >= MERGE_TITLE_GAIN:
            g.new.append(j)
            taken_new.add(j)
            continue
        cands = _candidates(col[j], group_of_old, old_side=False, sc=sc, index=j)
        pending.append(DirectionChange(change="added", new=[new[j].title], new_numbers=[new[j].number],
                                       new_descriptions=[new[j].description],
                                       ambiguous=bool(cands), candidates=cands,
                                       new_evidence=[e for e in [new[j].evidence] if e],
                                       new_category=new[j].category, thresholds=threshold_changes([], new[j].thresholds)))
    out = [_group_change(g, old, new, m, category_map or {}, word_diff) for g in groups]
    out += pending
    order = {id(c): k for k, c in enumerate(out)}
    # Old order first (as a reader walks the old notice), additions after, in the new notice's order.
    out.sort(key=lambda c: (0, min(c.old_numbers), order[id(c)]) if c.old_numbers else (1, min(c.new_numbers or [0]), order[id(c)]))
    return out


def _candidates(scores: Sequence[float], groups: dict[int, _Group], *, old_side: bool, sc: Scores, index: int) -> list[Candidate]:
    """Other readings of a leftover direction, best first, with their scores."""
    out: list[Candidate] = []
    ranked = sorted(range(len(scores)), key=lambda k: -scores[k])
    for k in ranked[:3]:
        if scores[k] < CANDIDATE:
            break
        other = (sc.new if old_side else sc.old)[k].title
        own = (sc.old if old_side else sc.new)[index].title
        paired = k in groups
        if old_side:
            change = "merged" if paired else "renamed"
            out.append(Candidate(change=change, old=[own], new=[other], similarity=round(scores[k], 3)))
        else:
            change = "split" if paired else "renamed"
            out.append(Candidate(change=change, old=[other], new=[own], similarity=round(scores[k], 3)))
    return out


def _group_change(g: _Group, old: Sequence[Direction], new: Sequence[Direction], m: list[list[float]],
                  category_map: dict[str, str], with_words: bool) -> DirectionChange:
    olds = [old[i] for i in sorted(g.old)]
    news = [new[j] for j in sorted(g.new)]
    sim = sum(m[i][j] for i in g.old for j in g.new) / (len(g.old) * len(g.new))
    change = DirectionChange(
        change="merged" if len(olds) > 1 else "split" if len(news) > 1 else "modified",
        old=[d.title for d in olds], new=[d.title for d in news], similarity=round(sim, 3),
        old_numbers=[d.number for d in olds], new_numbers=[d.number for d in news],
        old_evidence=[d.evidence for d in olds if d.evidence], new_evidence=[d.evidence for d in news if d.evidence],
        old_category=olds[0].category, new_category=news[0].category,
        old_descriptions=[d.description for d in olds], new_descriptions=[d.description for d in news],
    )
    if len(olds) == 1 and len(news) == 1:
        a, b = olds[0], news[0]
        change.thresholds = threshold_changes(a.thresholds, b.thresholds)
        same_desc = fold(a.description) == fold(b.description)
        if fold(a.title) != fold(b.title):
            change.change = "renamed"
        elif same_desc and not change.thresholds:
            change.change = "unchanged"
        if not same_desc:
            ratio = fuzz.ratio(fold(a.description), fold(b.description))
            if ratio >= WORDING_ONLY and with_words:
                from extractor.textdiff import word_diff

                change.wording = [WordChange(old=o, new=n) for o, n in word_diff(a.description, b.description)]
                change.note = "措辞修改"
            else:
                change.note = "内容改写"
        if a.category and b.category and category_map and category_map.get(a.category, a.category) != b.category:
            change.category_changed = True
    return change
