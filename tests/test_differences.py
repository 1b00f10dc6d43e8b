"""Differences inside a shared measure, on both stores: the written city plan and the district
plan that carries it out (tests/data/implementation), and the quantities and frequencies they and
the genre documents commit to."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import client_over

from policykg.cli import main as cli
from policykg.loaders.pipeline import load_corpus
from policykg.loaders.quantities import frequencies, quantities

HERE = Path(__file__).parent / "data"
WRITTEN = HERE / "implementation"


@pytest.fixture(scope="module", params=["networkx", "neo4j"])
def written(request):
    with client_over(request, WRITTEN) as client:
        yield client


def test_compare_marks_where_a_city_and_its_district_differ_inside_shared_measures(written):
    c = written.get("/api/compare", params={"j": ["qinghe", "dongping"], "text": "false"}).json()
    diffs = {m["id"]: {d["aspect"]: d["values"] for d in m["differences"]} for m in c["shared"]}
    assert diffs["blockchain_evidence"] == {}                     # same agency type, same deadline
    assert diffs["technical_investigators"]["lead_agency_type"] == {"qinghe": ["court"], "dongping": ["market_regulation"]}
    assert diffs["technical_investigators"]["deadline"] == {"qinghe": "2021-12-31", "dongping": "2022-12-31"}
    assert diffs["trade_secrets"]["quantity"] == {"qinghe": ["5个 商业秘密保护指导站"], "dongping": ["3个 商业秘密保护指导站"]}
    assert diffs["mediation"]["frequency"] == {"qinghe": ["quarterly ×1 会商"], "dongping": ["monthly ×1 会商"]}
    # every provision carries what the differences are read from
    p = next(m for m in c["shared"] if m["id"] == "trade_secrets")["provisions"]["dongping"][0]
    assert p["agencies"] == [{"name": "区市场监管局", "type": "market_regulation", "role": "responsible"}]
    assert p["deadline"] == {"kind": "by_date", "date": "2023-06-30", "text": "2023年6月底前完成"}
    assert [(q["value"], q["unit"], q["kind"]) for q in p["quantities"]] == [(3.0, "个", "count")]
    assert p["strength"] == "operative"
    # a measure one side only adopts is not "different": it is in only
    assert all(not m["differences"] for ms in c["only"].values() for m in ms)


def test_spans_of_quantities_point_at_the_number_in_the_source(written):
    body = written.get("/api/compare", params={"j": ["qinghe", "dongping"]}).json()
    source = (WRITTEN / "dongping_plan.txt").read_text(encoding="utf-8")
    p = next(m for m in body["shared"] if m["id"] == "mediation")["provisions"]["dongping"][0]
    [f] = p["frequencies"]
    assert source[f["span"][0]:f["span"][1]] == "每月"
    trade = next(m for m in body["shared"] if m["id"] == "trade_secrets")["provisions"]["qinghe"][0]
    [q] = trade["quantities"]
    assert source.count("5个") == 0 and (WRITTEN / "qinghe_plan.txt").read_text(encoding="utf-8")[q["span"][0]:q["span"][1]] == "5个"


def test_listed_and_operative_strength_on_the_bundled_corpus(client):
    c = client.get("/api/compare", params={"j": ["hanyang", "luolong"], "text": "false"}).json()
    m = next(m for m in c["shared"] if m["id"] == "counterfeit_goods_crackdown")
    assert m["facets"]["hanyang"]["strength"] == "listed" and m["facets"]["luolong"]["strength"] == "operative"
    assert "strength" in [d["aspect"] for d in m["differences"]]
    # Beijing names no agencies: it is shown as stating none, never counted as a difference
    c = client.get("/api/compare", params={"j": ["beijing", "hanyang"], "text": "false"}).json()
    for m in c["shared"]:
        assert m["facets"]["beijing"]["lead_agency_type"] is None
        assert "lead_agency_type" not in [d["aspect"] for d in m["differences"]]


@pytest.mark.parametrize("text, expected", [
    ("在临江高新园、文创产业园各设立1个知识产权保护工作站", [("count", 1.0, "个", "知识产权保护工作站")]),
    ("全年查处商标侵权案件不少于30件", [("count", 30.0, "件", "商标侵权案件")]),
    ("全年实现知识产权质押融资额2亿元以上", [("amount", 2.0, "亿元", "实现知识产权质押融资额")]),
    ("县财政按实缴保费的50%给予补助", [("share", 50.0, "%", "县财政按实缴保费的")]),
    ("在3个工作日内移送县公安局", [("time_limit", 3.0, "个工作日", "移送县公安局")]),
    ("收到材料后15日内办结", [("time_limit", 15.0, "日", "办结")]),
    ("依照专利法第六十五条规定统一部署，提供一条龙服务", []),
    ("建设一个知识产权保护中心", [("count", 1.0, "个", "知识产权保护中心")]),
    ("培育一批专业化的调解组织", []),
    ("根据青政办〔2021〕7号，2023年6月底前完成", []),
    ("面向新能源汽车及零部件产业", []),
    ("提供二次开发服务", []),
])
def test_quantities_in_the_genres_wording(text, expected):
    assert [(q["kind"], q["value"], q["unit"], q["object"]) for q in quantities(text)] == expected


def test_frequencies_and_their_times():
    got = [(f["period"], f["times"]) for f in frequencies("县政府常务会议每半年至少专题听取一次汇报，定期通报进展，每年举办2期培训，不定期抽查")]
    assert got == [("half-yearly", 1), ("periodic", None), ("yearly", None)]


def test_the_genre_corpus_yields_quantities_in_its_items():
    docs = load_corpus(HERE / "genre").documents
    found = {(d.id, q["value"], q["unit"]) for d in docs for p in d.provisions for q in p.quantities}
    assert ("linjiang_workpoints", 30.0, "件") in found and ("qingchuan_measures", 20.0, "家") in found
    assert all(p.kind == "item" for d in docs for p in d.provisions if p.quantities)


def test_cli_compare_lists_what_is_stated_differently():
    out = CliRunner().invoke(cli, ["compare", "qinghe", "dongping", "--corpus", str(WRITTEN)])
    assert out.exit_code == 0, out.output
    assert "Shared, but stated differently (4)" in out.output
    assert "5个 商业秘密保护指导站" in out.output and "monthly ×1 会商" in out.output
