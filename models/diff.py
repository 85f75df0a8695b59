"""What changed between two notices: two editions, or a notice and a province's forward of it.

Hand-written gold diffs (fixtures/gold/diffs/) are PolicyDiff records without similarities and
evidence, so every field that only the comparison can compute has a default.
"""

from __future__ import annotations

from pydantic import Field

from models.notice import Evidence, Record

DIRECTION_CHANGES = ("unchanged", "renamed", "modified", "added", "removed", "merged", "split")
QUOTA_CHANGES = ("unchanged", "limit_changed", "added", "removed", "extra_added", "extra_removed",
                 "overflow_added", "overflow_removed", "overridden")


class NoticeRef(Record):
    """Which notice (and which layer of a forward) one side of a comparison is."""

    label: str  # the file's stem, with "#forwarded" for the wrapped national layer
    path: str | None = None
    layer: str = "outer"  # outer | forwarded
    title: str | None = None
    year: int | None = None
    doc_number: str | None = None
    issuer: str | None = None
    level: str | None = None


class Candidate(Record):
    """Another reading of an ambiguous direction, with its score."""

    change: str
    old: list[str] = Field(default_factory=list)
    new: list[str] = Field(default_factory=list)
    similarity: float | None = None


class ThresholdChange(Record):
    """月活 ≥ 1亿 → ≥ 2亿: a numeric condition of a direction that changed, appeared or went."""

    change: str  # changed | added | removed
    quantity: str
    old: str | None = None  # "≥1亿"
    new: str | None = None
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None


class WordChange(Record):
    old: str
    new: str


class DirectionChange(Record):
    change: str  # unchanged | renamed | modified | added | removed | merged | split
    old: list[str] = Field(default_factory=list)  # titles
    new: list[str] = Field(default_factory=list)
    similarity: float | None = None
    ambiguous: bool = False
    candidates: list[Candidate] = Field(default_factory=list)
    old_numbers: list[int] = Field(default_factory=list)
    new_numbers: list[int] = Field(default_factory=list)
    category_changed: bool = False
    old_category: str | None = None
    new_category: str | None = None
    thresholds: list[ThresholdChange] = Field(default_factory=list)
    wording: list[WordChange] = Field(default_factory=list)  # word-level changes of the description
    old_evidence: list[Evidence] = Field(default_factory=list)
    new_evidence: list[Evidence] = Field(default_factory=list)
    old_descriptions: list[str] = Field(default_factory=list)  # in the order of `old`, for side-by-side reports
    new_descriptions: list[str] = Field(default_factory=list)
    note: str = ""


class CategoryChange(Record):
    change: str  # unchanged | renamed | added | removed
    old: str | None = None
    new: str | None = None
    similarity: float | None = None


class QuotaChange(Record):
    """One recommendation rule that changed, by recommender and direction.

    `old_limit` / `new_limit`: an int, or null for "no limit" in a rule that exists; whether a
    rule exists on a side follows from `change` (added: only new; removed: only old).
    """

    change: str
    recommender: str  # the recommending units this applies to, joined by 、
    old_recommender: str | None = None  # as the old notice names them, when it differs
    direction: str | None = None  # null: all directions
    extra: bool = False
    old_limit: int | None = None
    new_limit: int | None = None
    old_overflow: str = ""
    new_overflow: str = ""
    note: str = ""
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None


class CityRef(Record):
    name: str
    tier: str | None = None
    province: str | None = None
    evidence: Evidence | None = None


class TierMove(Record):
    name: str
    old_tier: str
    new_tier: str
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None


class DeclaredCount(Record):
    tier: str
    old: int | None = None  # the count the tier heading declares, null when it declares none
    new: int | None = None
    old_listed: int | None = None
    new_listed: int | None = None


class CityChanges(Record):
    added: list[CityRef] = Field(default_factory=list)
    removed: list[CityRef] = Field(default_factory=list)
    tier_changed: list[TierMove] = Field(default_factory=list)
    declared_counts: list[DeclaredCount] = Field(default_factory=list)
    unchanged: int = 0
    list_only_in: str | None = None  # old | new: one document carries no city list at all


class DeadlineChange(Record):
    change: str  # unchanged | changed | added | removed
    old: str | None = None  # ISO date
    new: str | None = None
    old_actor: str = ""
    new_actor: str = ""
    action: str = ""
    days: int | None = None  # new − old, in days
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None


class RequirementChange(Record):
    """Submission and eligibility: copies, paper, electronic, delivery, eligibility rules, attachments."""

    field: str  # copies | paper | electronic | delivery | eligibility | attachment
    change: str  # changed | added | removed
    old: str | None = None
    new: str | None = None
    old_evidence: Evidence | None = None
    new_evidence: Evidence | None = None


class TextChange(Record):
    """A passage that aligns across the two notices, with its word-level changes."""

    where: str = ""  # "方向 1 数字创意内容和服务" or "正文"
    words: list[WordChange] = Field(default_factory=list)
    similarity: float | None = None
    old: Evidence | None = None
    new: Evidence | None = None


class PolicyDiff(Record):
    old: NoticeRef | None = None
    new: NoticeRef | None = None
    mode: str = "edition"  # edition | forward (new is a forward of old: only its additions and overrides)
    summary: dict[str, int] = Field(default_factory=dict)
    directions: list[DirectionChange] = Field(default_factory=list)
    categories: list[CategoryChange] = Field(default_factory=list)
    quotas: list[QuotaChange] = Field(default_factory=list)
    cities: CityChanges = Field(default_factory=CityChanges)
    deadlines: list[DeadlineChange] = Field(default_factory=list)
    requirements: list[RequirementChange] = Field(default_factory=list)
    text_changes: list[TextChange] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class TimelineRow(Record):
    """One direction's line through the editions: its title in each (null where absent)."""

    titles: list[str | None] = Field(default_factory=list)
    changes: list[str | None] = Field(default_factory=list)  # the change at each step, len = editions − 1
    ambiguous: bool = False


class Comparison(Record):
    """Three or more notices: each consecutive pair, and the directions as a timeline."""

    notices: list[NoticeRef] = Field(default_factory=list)
    diffs: list[PolicyDiff] = Field(default_factory=list)
    timeline: list[TimelineRow] = Field(default_factory=list)
