"""The reference data in corpora/ and its loaders."""

from __future__ import annotations

import ast
import csv
import hashlib
import logging
import re
from pathlib import Path

import pytest

import corpora

CORPORA = Path(corpora.__file__).resolve().parent
SEEDS = Path("/work/shared/seeds")


def _seed(prefix: str) -> str:
    (path,) = [p for p in corpora.notice_paths() if Path(p).name.startswith(prefix)]
    return Path(path).read_text(encoding="utf-8")


# --- divisions -----------------------------------------------------------------------------


def test_divisions_levels_and_codes():
    divs = corpora.divisions()
    codes = [d.code for d in divs]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    by_level = {lvl: [d for d in divs if d.level == lvl] for lvl in corpora.LEVELS}
    assert len(by_level["province"]) == 34
    # 333 today; the cpca snapshot still has 莱芜市 (see SOURCES.md).
    assert len(by_level["prefecture"]) >= 333
    assert len(by_level["county"]) > 2800
    for d in divs:
        if d.code.endswith("0000"):
            assert d.level == "province", d
        else:
            assert d.level == ("prefecture" if d.code.endswith("00") else "county"), d
    assert not [d for d in divs if d.name in ("市辖区", "县", "省直辖县级行政区划")]


def test_every_kind_of_prefecture_level_unit_is_present():
    names = {d.name for d in corpora.divisions() if d.level == "prefecture"}
    assert {"广州市", "恩施土家族苗族自治州", "阿克苏地区", "锡林郭勒盟", "兴安盟", "大兴安岭地区"} <= names
    suffixes = {"市": 0, "自治州": 0, "地区": 0, "盟": 0}
    for n in names:
        for s in suffixes:
            if n.endswith(s):
                suffixes[s] += 1
    assert suffixes == {"市": 293, "自治州": 30, "地区": 8, "盟": 3}


def test_province_and_prefecture_columns():
    by_code = {d.code: d for d in corpora.divisions()}
    assert by_code["440106"].province == "广东省" and by_code["440106"].prefecture == "广州市"  # 天河区
    assert by_code["110105"].prefecture == "北京市"  # 朝阳区 of the municipality
    assert by_code["500101"].prefecture == "重庆市"  # 万州区: Chongqing's 市辖区 placeholder dropped
    assert by_code["429004"].prefecture == ""  # 仙桃市, run by 湖北省 directly
    assert by_code["650000"].name == "新疆维吾尔自治区"
    assert by_code["640100"].province == "宁夏回族自治区"


def test_divisions_csv_matches_cpca_when_installed():
    pytest.importorskip("cpca")
    from corpora.build_divisions import build_rows, read_adcodes

    with (CORPORA / "divisions.csv").open(encoding="utf-8", newline="") as fh:
        committed = list(csv.DictReader(fh))
    assert build_rows(read_adcodes()) == committed


# --- city index ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, province, code",
    [
        ("莆田市", "福建省", "350300"),
        ("泸州市", "四川省", "510500"),
        ("眉山市", "四川省", "511400"),
        ("濮阳市", "河南省", "410900"),
        ("蚌埠市", "安徽省", "340300"),
        ("株洲市", "湖南省", "430200"),
        ("赣州市", "江西省", "360700"),
        ("连云港市", "江苏省", "320700"),
        ("宜昌市", "湖北省", "420500"),
        ("银川市", "宁夏回族自治区", "640100"),
    ],
)
def test_brief_cities_resolve(name, province, code):
    d = corpora.city_index()[name]
    assert (d.province, d.code, d.level) == (province, code, "prefecture")


def test_municipality_is_a_city_and_a_province():
    idx = corpora.city_index()
    municipalities = [("北京市", "110000"), ("天津市", "120000"), ("上海市", "310000"), ("重庆市", "500000")]
    for name, code in municipalities:
        d = idx[name]
        assert (d.code, d.province, d.level) == (code, name, "province")
        assert d.is_city and d.is_municipality
        assert idx[name[:-1]] == d  # 北京
    assert not idx["广东省"].is_city and idx["广州市"].is_city


# Hand-written: province of each city in the 2023 list (002, 附件1).
CITIES_2023 = {
    "北京市": "北京市", "天津市": "天津市", "上海市": "上海市", "杭州市": "浙江省", "广州市": "广东省",
    "福州市": "福建省", "郑州市": "河南省", "苏州市": "江苏省", "无锡市": "江苏省", "南京市": "江苏省",
    "宁波市": "浙江省", "深圳市": "广东省", "武汉市": "湖北省", "昆明市": "云南省", "青岛市": "山东省",
    "大连市": "辽宁省", "成都市": "四川省", "济南市": "山东省", "合肥市": "安徽省", "佛山市": "广东省",
    "湖州市": "浙江省", "徐州市": "江苏省", "温州市": "浙江省", "贵阳市": "贵州省", "泸州市": "四川省",
    "赣州市": "江西省", "莆田市": "福建省", "株洲市": "湖南省", "蚌埠市": "安徽省", "眉山市": "四川省",
    "连云港市": "江苏省", "濮阳市": "河南省", "廊坊市": "河北省", "芜湖市": "安徽省", "济宁市": "山东省",
    "沈阳市": "辽宁省", "宜昌市": "湖北省", "银川市": "宁夏回族自治区", "烟台市": "山东省",
    "新乡市": "河南省",
}


def _city_list_2023() -> dict[str, list[str]]:
    text = _seed("002")
    tiers: dict[str, list[str]] = {}
    for tier, count in [("综合型", 15), ("特色型", 25)]:
        m = re.search(tier + r"信息消费示范城市（(\d+) 个）\s*\n\s*\n(.+)\n", text)
        assert m and int(m.group(1)) == count
        tiers[tier] = m.group(2).strip().split("、")
    return tiers


def test_all_2023_demonstration_cities_resolve_to_their_province():
    tiers = _city_list_2023()
    assert [len(v) for v in tiers.values()] == [15, 25]
    idx = corpora.city_index()
    names = tiers["综合型"] + tiers["特色型"]
    assert sorted(names) == sorted(CITIES_2023)
    for name in names:
        d = idx[name]
        assert d.is_city, d
        assert d.province == CITIES_2023[name], (name, d)
        assert idx[corpora.short_name(name)] == d  # 广州 as well as 广州市


def test_short_names_and_collisions():
    idx = corpora.city_index()
    assert idx["连云港"].name == "连云港市"
    assert idx["恩施"].name == "恩施土家族苗族自治州"
    assert idx["黔东南"].name == "黔东南苗族侗族自治州"
    assert idx["巴音郭楞"].name == "巴音郭楞蒙古自治州"
    assert idx["本溪"].name == "本溪市"  # prefecture beats 本溪满族自治县
    assert idx["朝阳"].name == "朝阳市"  # prefecture beats 朝阳区 ×2 and 朝阳县
    assert idx["河南"].name == "河南省"  # province beats 河南蒙古族自治县
    assert "吉林" not in idx  # 吉林省 or 吉林市: ambiguous, dropped
    assert "海南" not in idx  # 海南省 or 海南藏族自治州
    assert "鼓楼区" not in idx  # four counties of that name
    assert "鼓楼" not in idx  # plain 区 names get no short key
    assert all(len(k) >= 2 for k in idx)
    assert corpora.short_name("泾县") == "泾县"  # one character would match everything


def test_province_short_names():
    shorts = corpora.province_short_names()
    assert len(shorts) == 34 == len(corpora.provinces())
    assert {"广东", "内蒙古", "新疆", "广西", "宁夏", "西藏", "北京", "香港"} <= set(shorts)


# --- OpenCC protection ---------------------------------------------------------------------


def test_protected_terms_cover_opencc_damage():
    import opencc

    terms = corpora.protected_terms()
    assert "乾安县" in terms and "蚌埠市" in terms
    assert opencc.OpenCC("t2s").convert("乾安县") == "干安县"  # the damage this list exists for
    assert all(t and "#" not in t and t == t.strip() for t in terms)
    assert len(terms) == len(set(terms))


def test_protected_terms_file_is_current():
    pytest.importorskip("opencc")
    from corpora.build_protected import HAND_TERMS, candidate_names, find_damage

    damaged = set(find_damage(candidate_names()))
    assert damaged | set(HAND_TERMS) == set(corpora.protected_terms()), "rerun corpora/build_protected.py"


# --- jieba dictionary ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.load_userdict(corpora.policy_terms_path())
    return tk


def test_policy_terms_file_format():
    lines = Path(corpora.policy_terms_path()).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 150
    for line in lines:
        word, freq, tag = line.split(" ")
        assert not word.startswith("#") and int(freq) >= 10000 and tag.isalpha()
    assert len(corpora.policy_terms()) == len(set(corpora.policy_terms())) == len(lines)
    for must in ["信息消费", "新型信息消费", "计划单列市", "新疆生产建设兵团", "统一社会信用代码", "5G",
                 "工业和信息化主管部门", "信息消费示范城市", "邮政特快专递", "机要交换"]:
        assert must in corpora.policy_terms()


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，各有关单位：",
         ["计划单列市", "新疆生产建设兵团", "工业和信息化主管部门"]),
        ("进一步挖掘信息消费潜力，推动信息消费扩大和升级。", ["信息消费"]),
        ("各计划单列市、新疆生产建设兵团工业和信息化主管部门及中央企业推荐项目数量不超过 5 个。",
         ["计划单列市", "新疆生产建设兵团", "中央企业"]),
        ("以 EMS 邮政特快专递或机要交换方式报送工业和信息化部（信息技术发展司）。",
         ["邮政特快专递", "机要交换", "工业和信息化部", "信息技术发展司"]),
    ],
)
def test_jieba_keeps_terms_whole(tokenizer, sentence, words):
    tokens = tokenizer.lcut(sentence)
    for w in words:
        assert w in tokens, (w, tokens)


def test_every_policy_term_is_whole_wherever_the_seeds_use_it(tokenizer):
    import opencc

    t2s = opencc.OpenCC("t2s")
    for path in corpora.notice_paths():
        text = t2s.convert(Path(path).read_text(encoding="utf-8"))
        for para in text.split("\n"):
            spans = [(s, e) for _, s, e in tokenizer.tokenize(para)]
            for term in corpora.policy_terms():
                for m in re.finditer(re.escape(term), para):
                    whole = any(s <= m.start() and m.end() <= e for s, e in spans)
                    assert whole, (Path(path).name, term, para)
    for term in corpora.policy_terms():
        assert tokenizer.lcut(term) == [term]


# --- organizations and unit types ----------------------------------------------------------


def test_organizations():
    orgs = corpora.organizations()
    assert len(orgs) == len(set(orgs))
    for name in ["工业和信息化部", "工业和信息化部办公厅", "工业和信息化部信息技术发展司",
                 "信息化和软件服务业司", "国务院", "广东省工业和信息化厅", "天津市工业和信息化委员会",
                 "市工业和信息化委", "新疆维吾尔自治区工业和信息化厅"]:
        assert name in orgs


def test_unit_types_include_the_form_options():
    types = set(corpora.unit_types())
    recommenders = {"省、自治区、直辖市", "计划单列市", "新疆生产建设兵团", "中央企业", "信息消费示范城市"}
    assert recommenders | {"地级以上市"} <= types
    row = next(line for line in _seed("000").splitlines() if line.startswith("单位性质"))
    options = re.findall(r'<input type="checkbox"/>\s*([^<\s]+)', row)
    assert len(options) == 8 and set(options) <= types


# --- common characters ---------------------------------------------------------------------


def test_common_chars_tell_gb18030_from_big5():
    common = corpora.common_chars()
    assert 2000 < len(common) < 3000
    assert {"的", "国", "國", "发", "發", "髮", "干", "乾", "幹"} <= common

    def share(text: str) -> float:
        han = re.findall(r"[\u3400-\u9fff]", text)
        return sum(ch in common for ch in han) / len(han)

    simplified, traditional = _seed("000"), _seed("001")
    assert share(simplified) > 0.9 and share(traditional) > 0.9
    # The same bytes read with the wrong codec look implausible.
    assert share(simplified.encode("gb18030").decode("big5", errors="ignore")) < 0.5
    assert share(traditional.encode("big5", errors="ignore").decode("gb18030", errors="ignore")) < 0.5


# --- the bundled notices -------------------------------------------------------------------


def test_manifest_covers_the_five_seeds():
    entries = corpora.manifest()
    paths = corpora.notice_paths()
    assert [e["file"] for e in entries] == [Path(p).name for p in paths]
    assert len(entries) == 5
    keys = {"file", "what", "year", "issuer", "script", "doc_number", "attached_to", "sha256"}
    for e, path in zip(entries, paths, strict=True):
        assert keys <= set(e)
        assert e["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    by_prefix = {e["file"][:3]: e for e in entries}
    assert by_prefix["000"]["doc_number"] == "工信厅信发函〔2021〕27号"
    assert by_prefix["001"]["script"] == "traditional"
    assert by_prefix["002"]["issuer"] == "广东省工业和信息化厅" and by_prefix["002"]["year"] == 2023
    assert by_prefix["003"]["attached_to"] == by_prefix["003"]["doc_number"] == "工信厅信软函〔2018〕46号"
    assert by_prefix["004"]["issuer"] == "天津市工业和信息化委员会"
    # Numbers a reader can find in the text itself must be there.
    for e in entries:
        if e["doc_number"] and not e["attached_to"]:
            assert e["doc_number"] in _seed(e["file"][:3])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no /work/shared/seeds here")
def test_seed_copies_are_unchanged():
    for e in corpora.manifest():
        original = SEEDS / e["file"]
        assert hashlib.sha256(original.read_bytes()).hexdigest() == e["sha256"]


# --- loaders -------------------------------------------------------------------------------


def test_loaders_return_fresh_copies():
    corpora.divisions().clear()
    corpora.city_index().clear()
    corpora.manifest()[0]["file"] = "changed"
    assert corpora.divisions() and corpora.city_index()["广州"]
    assert corpora.manifest()[0]["file"].startswith("000_")


def test_corpora_imports_nothing_from_the_rest_of_the_project():
    for path in CORPORA.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            assert not [m for m in mods if m.split(".")[0] in ("extractor", "normalizers", "models")], path
