"""Regenerate corpora/divisions.csv (and ethnic_groups.txt) from an installed cpca 0.5.5.

    pip install cpca==0.5.5 && python corpora/build_divisions.py

cpca is a build-time source only: the CSV is committed and the loaders never import cpca.
The input is cpca's ``resources/adcodes.csv`` (12-digit adcodes in the National Bureau of
Statistics 统计用区划代码 layout; the first 6 digits are the GB/T 2260 code).
"""

from __future__ import annotations

import csv
import sys
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "divisions.csv"
ETHNIC_OUT = HERE / "ethnic_groups.txt"
EXPECTED_CPCA = "0.5.5"

# Municipalities are provinces that are also prefecture-level cities (a city list names 北京市).
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
# Statistical placeholders, not divisions: 市辖区 (city proper), 县 (Chongqing's county group),
# 省/自治区直辖县级行政区划 (counties run directly by the province).
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
FIELDS = ["code", "name", "level", "province", "prefecture"]


def level_of(code: str) -> str:
    """Level from a 6-digit code: xx0000 province, xxxx00 prefecture, else county."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def read_adcodes() -> list[tuple[str, str]]:
    """(6-digit code, name) pairs from cpca's adcodes.csv, placeholders dropped."""
    src = resources.files("cpca.resources").joinpath("adcodes.csv")
    with src.open(encoding="utf-8") as fh:
        rows = [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(fh)]
    return sorted((code, name) for code, name in rows if name not in PLACEHOLDERS)


def build_rows(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    by_code = dict(pairs)
    rows: list[dict[str, str]] = []
    for code, name in pairs:
        level = level_of(code)
        province = by_code[code[:2] + "0000"]
        if level == "province":
            # A municipality is its own prefecture-level city; other provinces have none.
            prefecture = name if code in MUNICIPALITIES else ""
        elif level == "prefecture":
            prefecture = name  # the column names the prefecture-level unit a division is or is in
        elif code[:2] + "0000" in MUNICIPALITIES:
            prefecture = province  # districts of 北京/天津/上海/重庆 belong to the municipality
        else:
            # Empty for counties run directly by the province (仙桃市, 济源市, 石河子市 ...).
            prefecture = by_code.get(code[:4] + "00", "")
        rows.append({"code": code, "name": name, "level": level, "province": province,
                     "prefecture": prefecture})
    return rows


def main() -> int:
    import cpca

    if cpca.__version__ != EXPECTED_CPCA:
        print(f"warning: cpca {cpca.__version__} installed, SOURCES.md describes {EXPECTED_CPCA}",
              file=sys.stderr)
    rows = build_rows(read_adcodes())
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    # The 55 minority names let the loader shorten 恩施土家族苗族自治州 to 恩施 without cpca.
    nations = resources.files("cpca.resources").joinpath("56_nations.csv").read_text(encoding="utf-8")
    names = [n.strip() for n in nations.splitlines() if n.strip()]
    ETHNIC_OUT.write_text("# 民族名称, from cpca 0.5.5 resources/56_nations.csv\n" + "\n".join(names) + "\n",
                          encoding="utf-8")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["level"]] = counts.get(row["level"], 0) + 1
    print(f"wrote {OUT.name}: {len(rows)} divisions {counts}; {ETHNIC_OUT.name}: {len(names)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
