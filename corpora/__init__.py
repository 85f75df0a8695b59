"""Reference data used at run time, with small cached loaders: plain data out.

The files next to this module are committed data (see SOURCES.md); the ``build_*.py`` scripts
regenerate the generated ones. Nothing here imports the rest of the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOTICES_DIR = HERE / "notices"

LEVELS = ("province", "prefecture", "county")
# The four municipalities are provinces that also count as prefecture-level cities.
MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})

# Suffixes dropped to get a short name, longest first so 自治区 wins over 区.
_SHORT_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
                   "省", "市", "盟", "县", "区", "旗")
# County short names are keyed only for these suffixes: plain 区 names (鼓楼, 新华, 和平) are
# ordinary words and repeat across cities, as cpca's own matcher notes.
_COUNTY_SHORT_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "市", "县", "旗")
_MIN_SHORT = 2  # 泾县 → 泾 would match far too much text


@dataclass(frozen=True)
class Division:
    """One administrative division (GB/T 2260 code, 6 digits)."""

    code: str
    name: str
    level: str  # province | prefecture | county
    province: str  # full name of the province it belongs to (itself for a province)
    # The prefecture-level unit this division is or belongs to: itself for a prefecture and for a
    # municipality (北京市), its city for a county, "" for a province or a county run by the province.
    prefecture: str

    @property
    def is_municipality(self) -> bool:
        return self.code in MUNICIPALITY_CODES

    @property
    def is_city(self) -> bool:
        """Prefecture-level: what a demonstration-city list names (municipalities included)."""
        return self.level == "prefecture" or self.is_municipality

    @property
    def short_name(self) -> str:
        return short_name(self.name)


def _read_lines(name: str) -> list[str]:
    """Non-empty lines of a data file, `#` comment lines and trailing `# ...` comments removed."""
    out: list[str] = []
    for raw in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def ethnic_groups() -> tuple[str, ...]:
    """The 56 民族 names (汉族, 蒙古族 ...), from cpca via build_divisions.py."""
    return tuple(_read_lines("ethnic_groups.txt"))


@lru_cache(maxsize=1)
def _ethnic_affixes() -> tuple[str, ...]:
    # Names appear with and without 族 (巴音郭楞蒙古自治州); also 各族 (隆林各族自治县).
    forms = set(ethnic_groups()) | {"各族"}
    forms |= {g[:-1] for g in ethnic_groups() if len(g) > 2 and g.endswith("族")}
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=4096)
def short_name(name: str) -> str:
    """Name without its administrative suffix or ethnic designation; the name itself if too short.

    >>> short_name("恩施土家族苗族自治州"), short_name("连云港市"), short_name("内蒙古自治区")
    ('恩施', '连云港', '内蒙古')
    >>> short_name("泾县")
    '泾县'
    """
    for suffix in _SHORT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= _MIN_SHORT:
            stem = name[: -len(suffix)]
            break
    else:
        return name
    if not suffix.startswith("自治"):
        return stem  # 东乡县 stays 东乡: ethnic-looking words only matter before 自治
    # 自治州/县/旗/区 names carry one or more ethnic names before the suffix: 黔东南苗族侗族.
    stripping = True
    while stripping:
        stripping = False
        for affix in _ethnic_affixes():
            if stem.endswith(affix) and len(stem) - len(affix) >= _MIN_SHORT:
                stem = stem[: -len(affix)]
                stripping = True
                break
    if stem in ethnic_groups():
        return stem[:-1]  # 鄂温克族自治旗 → 鄂温克: the ethnic name is the place name
    return stem


@lru_cache(maxsize=1)
def _divisions() -> tuple[Division, ...]:
    import csv

    with (HERE / "divisions.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(Division(**row) for row in csv.DictReader(fh))


def divisions() -> list[Division]:
    """All divisions: 34 provinces, prefecture-level divisions, counties (see SOURCES.md)."""
    return list(_divisions())


def provinces() -> list[Division]:
    return [d for d in _divisions() if d.level == "province"]


def province_short_names() -> list[str]:
    """广东, 内蒙古, 新疆, 北京 ..., in code order."""
    return [short_name(d.name) for d in provinces()]


def _tier(d: Division) -> int:
    # Provinces and prefecture-level cities outrank counties; between the top two there is no winner.
    return 0 if d.level in ("province", "prefecture") else 1


def _resolve(candidates: dict[str, list[Division]]) -> dict[str, Division]:
    """Keep the best-tier division per key; drop keys that stay ambiguous."""
    out: dict[str, Division] = {}
    for key, divs in candidates.items():
        best = min(_tier(d) for d in divs)
        top = {d.code: d for d in divs if _tier(d) == best}
        if len(top) == 1:
            out[key] = next(iter(top.values()))
    return out


@lru_cache(maxsize=1)
def _city_index() -> dict[str, Division]:
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for d in _divisions():
        full.setdefault(d.name, []).append(d)
        if d.level == "county" and not d.name.endswith(_COUNTY_SHORT_SUFFIXES):
            continue
        s = short_name(d.name)
        if s != d.name:
            short.setdefault(s, []).append(d)
    index = _resolve(short)
    index.update(_resolve(full))  # an exact full name beats any short-name reading
    return index


def city_index() -> dict[str, Division]:
    """Name → division, by full name (广州市) and by short name (广州, 恩施).

    On a collision a province or prefecture-level city wins over a county (本溪 → 本溪市, not
    本溪满族自治县); keys still ambiguous after that (吉林: 吉林省 or 吉林市; 鼓楼区) are dropped.
    """
    return dict(_city_index())


@lru_cache(maxsize=1)
def _protected_terms() -> tuple[str, ...]:
    return tuple(_read_lines("protected_terms.txt"))


def protected_terms() -> list[str]:
    """Names OpenCC conversion would damage (乾安县 → 干安县), in Simplified form."""
    return list(_protected_terms())


def policy_terms_path() -> str:
    """Path of the jieba user dictionary (``word freq tag`` per line)."""
    return str(HERE / "policy_terms.txt")


@lru_cache(maxsize=1)
def _policy_terms() -> tuple[str, ...]:
    return tuple(line.split()[0] for line in _read_lines("policy_terms.txt"))


def policy_terms() -> list[str]:
    return list(_policy_terms())


@lru_cache(maxsize=1)
def _organizations() -> tuple[str, ...]:
    return tuple(_read_lines("organizations.txt"))


def organizations() -> list[str]:
    """Ministries, departments and their offices (工业和信息化部办公厅, 广东省工业和信息化厅 ...)."""
    return list(_organizations())


@lru_cache(maxsize=1)
def _unit_types() -> tuple[str, ...]:
    return tuple(_read_lines("unit_types.txt"))


def unit_types() -> list[str]:
    """Recommender kinds and unit natures (计划单列市, 中央企业, 事业单位, 国有控股企业 ...)."""
    return list(_unit_types())


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """Frequent Han characters, Simplified and their Traditional forms (for encoding plausibility)."""
    return frozenset(ch for line in _read_lines("common_chars.txt") for ch in line if not ch.isspace())


@lru_cache(maxsize=1)
def _manifest() -> str:
    return (NOTICES_DIR / "manifest.json").read_text(encoding="utf-8")


def manifest() -> list[dict[str, Any]]:
    """One record per bundled seed notice: file, what, year, issuer, script, doc_number ..."""
    return json.loads(_manifest())  # parsed afresh so callers may mutate their copy


def notice_paths() -> list[str]:
    """The bundled seed notices, sorted by file name."""
    return sorted(str(p) for p in NOTICES_DIR.glob("*.txt"))
