"""The notice record: what a 申报通知 says, each value with the text it came from."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_serializer


class Record(BaseModel):
    """Base for every record: unknown keys are refused so gold files stay honest."""

    model_config = ConfigDict(extra="forbid")


class Evidence(Record):
    """Where a value was read: a span of the normalised text (and the PDF page, 1-based)."""

    text: str
    start: int
    end: int
    page: int | None = None


class Source(Record):
    path: str
    sha256: str
    format: str  # txt | docx | pdf
    script: str = "simplified"  # simplified | traditional | mixed
    encoding: str | None = None
    opencc_config: str | None = None


class Category(Record):
    number: int
    title: str
    evidence: Evidence | None = None


class Threshold(Record):
    """A numeric condition a project must meet, e.g. 上一年度平均月活用户数量 ≥ 1 亿."""

    quantity: str
    comparator: str  # >= | > | <= | <
    value: float
    unit: str = ""
    qualifier: str = ""  # e.g. 原则上 (as a rule): a soft threshold
    evidence: Evidence | None = None


class Direction(Record):
    number: int
    title: str
    category: str | None = None
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    evidence: Evidence | None = None


class Quota(Record):
    recommender: str
    limit: int | None  # None: explicitly no limit
    direction: str | None = None  # None: all directions
    extra: bool = False  # on top of the normal quota (demonstration cities)
    cities: list[str] = Field(default_factory=list)
    note: str = ""
    overflow_rule: str = ""  # what happens above the limit (按顺序选取)
    evidence: Evidence | None = None


class City(Record):
    name: str
    province: str | None = None
    code: str | None = None
    evidence: Evidence | None = None


class CityList(Record):
    tier: str
    declared_count: int | None = None
    cities: list[City] = Field(default_factory=list)
    count_mismatch: bool = False
    evidence: Evidence | None = None


class Deadline(Record):
    date: str  # ISO 8601
    actor: str = ""
    action: str = ""
    year_inferred: bool = False  # the text gave no year; it came from the notice or what it cites
    evidence: Evidence | None = None



class Contact(Record):
    name: str
    phone: str | None = None
    phones: list[str] = Field(default_factory=list)
    org: str | None = None
    role: str | None = None
    evidence: Evidence | None = None


class Address(Record):
    text: str
    postcode: str | None = None
    org: str | None = None
    evidence: Evidence | None = None


class Url(Record):
    url: str
    evidence: Evidence | None = None


class Attachment(Record):
    number: int
    title: str
    present: bool = False
    evidence: Evidence | None = None


class Submission(Record):
    """How materials must be handed in."""

    copies: int | None = None
    paper: bool = False
    electronic: bool = False
    delivery: list[str] = Field(default_factory=list)  # EMS, 机要交换 ...
    evidence: Evidence | None = None


class Eligibility(Record):
    rule: str  # 境内注册 | 本市境内注册 | 独立法人资格 ...
    evidence: Evidence | None = None


class FormField(Record):
    """One field of an application form, read from the notice's form attachment."""

    label: str  # as printed, spaces removed: 主营业务收入（万元）
    key: str = ""  # unique in its form: the name, after its row group when it has one (申报联系人/手机)
    name: str = ""  # the label without its bracketed notes: 主营业务收入
    group: str | None = None  # the row group a sub-field sits in (申报联系人, 项目负责人)
    kind: str = "text"  # text | number | date | checkbox | longtext | direction
    part: str = "table"  # where the form prints it: cover | table | narrative
    unit: str | None = None
    options: list[str] = Field(default_factory=list)
    other_option: bool = False  # 其他（请注明）：____
    single_choice: bool = False  # one option only (是否…, 单位性质)
    word_limit: int | None = None
    required: bool = True
    condition: str | None = None  # as the form words it: 软件业企业必填, 是否上市公司=是
    condition_field: str | None = None  # key of the field whose answer switches this one on
    condition_value: str | None = None  # the option that does it
    hint: str | None = None  # printed guidance in the value cell: 全称（如实填写）
    section: str | None = None
    evidence: Evidence | None = None
    limit_evidence: Evidence | None = None
    condition_evidence: Evidence | None = None


class FormTemplate(Record):
    title: str
    kind: str = "application"  # application | summary (a table the recommender fills)
    attachment: int | None = None
    direction: str | None = None  # a form for one direction only (2023)
    fields: list[FormField] = Field(default_factory=list)
    direction_choices: list[Direction] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    material_notes: dict[str, str] = Field(default_factory=dict)  # material title → printed guidance
    has_declaration: bool = False
    signer_label: str | None = None  # who signs the declaration: 法定代表人
    all_required: bool = False  # 栏目不得空缺
    columns: list[str] = Field(default_factory=list)  # summary tables: the header row
    clauses: dict[str, Evidence] = Field(default_factory=dict)  # rule name → the sentence that states it
    evidence: Evidence | None = None

    @field_serializer("material_notes", "clauses")
    def _sorted(self, value: dict[str, Any]) -> dict[str, Any]:
        # Keys in a fixed order, so a record reads the same after a round trip through a store
        # that reorders object keys (PostgreSQL jsonb does).
        return {k: value[k] for k in sorted(value)}


class Notice(Record):
    source: Source | None = None
    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None
    year: int | None = None
    program: str | None = None
    level: str | None = None  # national | provincial | municipal
    recipients: list[str] = Field(default_factory=list)
    date: str | None = None  # 成文日期, ISO
    signature: str | None = None  # the organ signing above the date
    disclosure: str | None = None  # 信息公开属性
    categories: list[Category] = Field(default_factory=list)
    directions: list[Direction] = Field(default_factory=list)
    quotas: list[Quota] = Field(default_factory=list)
    city_lists: list[CityList] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    addresses: list[Address] = Field(default_factory=list)
    urls: list[Url] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    submission: Submission | None = None
    eligibility: list[Eligibility] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)  # document numbers cited
    forms: list[FormTemplate] = Field(default_factory=list)
    forwarded: Notice | None = None
    warnings: list[str] = Field(default_factory=list)
