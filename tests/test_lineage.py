"""Lineage on the corpus: explicit chains by citation, inferred derivation by reused text."""
import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.loaders.reading import read_source
from policykg.loaders.reuse import find_reuse


def ancestors(client, doc):
    return client.get(f"/api/lineage/{doc}").json()["ancestors"]


def reached(client, doc):
    return {a["document"]["doc_number"] or a["document"]["title"] for a in ancestors(client, doc)}


def test_luolong_reaches_the_national_outline_the_five_year_plan_and_the_luoyang_pilot_city_plan(client):
    got = reached(client, "luolong")
    assert {"中发〔2021〕32号", "国发〔2021〕20号"} <= got
    assert any("洛阳市国家知识产权强市建设试点城市工作方案" in g for g in got)
    national = [a for a in ancestors(client, "luolong") if a["document"]["doc_number"] == "中发〔2021〕32号"][0]
    assert national["relation"] == "implements" and national["document"]["level"] == "national"
    assert national["document"]["issuer"] == ["中共中央、国务院"] and national["document"]["in_corpus"] is False
    assert "中发〔2021〕32号" in national["evidence"] and national["path"] == ["luolong", "cited:中发〔2021〕32号"]


def test_hanyang_reaches_the_wuhan_plan_which_implements_the_wuhan_measures(client):
    rows = ancestors(client, "hanyang")
    plan = [a for a in rows if a["document"]["doc_number"] == "武知战办〔2023〕4号"]
    assert plan and plan[0]["depth"] == 1 and plan[0]["document"]["level"] == "city"
    measures = [a for a in rows if a["document"]["id"] == "cited:武办发〔2020〕16号"]
    assert len(measures) == 1, "an ancestor reached two ways is listed once"
    step = measures[0]
    assert step["depth"] == 1 and step["document"]["issuer"] == ["中共武汉市委办公厅"]
    through_the_plan = ["hanyang", "cited:武知战办〔2023〕4号", "cited:武办发〔2020〕16号"]
    route = next(r for r in step["routes"] if r["path"] == through_the_plan)
    assert route["relation"] == "implements" and route["depth"] == 2


def test_every_ancestor_and_descendant_is_listed_once(client, nx_service):
    for doc in nx_service.store.query("graph_nodes"):
        if doc["label"] != "Document":
            continue
        body = client.get("/api/lineage/" + doc["id"].replace("/", "%2F")).json()
        for side in ("ancestors", "descendants"):
            ids = [a["document"]["id"] for a in body[side]]
            assert len(ids) == len(set(ids)), (doc["id"], side, ids)
            for a in body[side]:
                assert a["path"] == a["routes"][0]["path"] and all(len(r["path"]) >= len(a["path"]) for r in a["routes"])


def test_luohe_reaches_the_henan_opinion(client):
    rows = ancestors(client, "luohe")
    assert [a["document"]["doc_number"] for a in rows] == ["豫办〔2020〕21号"]
    assert rows[0]["document"]["level"] == "province" and rows[0]["document"]["jurisdiction"] == "henan"


def test_a_regulation_a_provision_only_mentions_is_no_parent(client):
    titles = {a["document"]["title"] for a in ancestors(client, "hanyang")}
    assert "武汉市知识产权促进和保护条例" not in titles
    assert "洛阳市专利促进与保护条例" not in {a["document"]["title"] for a in ancestors(client, "luoyang")}


def test_descendants_run_the_other_way(client):
    body = client.get("/api/lineage/cited:武办发〔2020〕16号").json()
    assert {d["document"]["id"] for d in body["descendants"]} == {"hanyang", "cited:武知战办〔2023〕4号"}
    assert {d["document"]["id"] for d in client.get("/api/lineage/luoyang").json()["descendants"]} == {"luolong"}


def test_luolong_provisions_that_reuse_luoyangs_wording_are_found_with_their_spans(client, corpus):
    luolong = read_source(next(d for d in corpus.documents if d.id == "luolong").file).text
    luoyang = read_source(next(d for d in corpus.documents if d.id == "luoyang").file).text
    body = client.get("/api/provisions/luolong.p19/lineage").json()   # task 5, 加强知识产权行政执法
    sources = {d["id"] for d in body["derived_from"]}
    assert "luoyang.p5" in sources                                     # 加强知识产权行政执法 bullet
    first = next(d for d in body["derived_from"] if d["id"] == "luoyang.p5")
    ours = "".join(luolong[a:b] for a, b in first["source_spans"])
    theirs = "".join(luoyang[a:b] for a, b in first["target_spans"])
    assert "打击侵犯知识产权和制售假冒伪劣商品" in ours and "打击侵犯知识产权和制售假冒伪劣商品" in theirs
    into = client.get("/api/provisions/luoyang.p5/lineage").json()["derived_into"]
    assert "luolong.p19" in {d["id"] for d in into}


def test_reuse_summary_per_document(corpus):
    result = find_reuse(corpus)
    summary = {(d.source, d.target): d for d in result.documents}
    assert set(summary) == {("luolong", "luoyang")}
    assert summary[("luolong", "luoyang")].provisions >= 5
    # reuse is only reported down the hierarchy: unrelated cities sharing policy wording are not lineage
    assert all(a.source.split(".")[0] == "luolong" for a in result.alignments)


def test_jurisdiction_lineage_lists_every_document_with_its_chains(client):
    body = client.get("/api/jurisdictions/luolong/lineage").json()
    assert [d["document"]["id"] for d in body["documents"]] == ["luolong"]
    assert client.get("/api/jurisdictions/atlantis/lineage").status_code == 404
    assert client.get("/api/lineage/nowhere").status_code == 404


def test_cli_prints_the_tree():
    out = CliRunner().invoke(main, ["lineage", "hanyang"]).output
    lines = out.splitlines()
    plan = next(i for i, l in enumerate(lines) if "武知战办〔2023〕4号" in l)
    assert "武办发〔2020〕16号" in "".join(lines[plan + 1:plan + 4])    # its parent, indented under it
    assert lines[plan + 2].startswith("        └─") or lines[plan + 3].startswith("        └─")


def test_citations_resolve_to_corpus_documents_across_scripts_and_brackets(tmp_path):
    from policykg.graph.build import build_graph
    from policykg.loaders.pipeline import load_corpus
    from helpers import MANIFEST_HEAD, write_corpus
    city = """
        某政办〔2021〕9号
        关于强化知识产权保护的若干措施
        一、严保护
        （一）严厉打击侵权假冒行为。深化知识产权民事、刑事、行政案件“三合一”审判机制改革，依法落实知识产权侵权惩罚性赔偿制度。
        某某市人民政府办公室
        2021年3月1日
    """
    district = """
        關於貫徹落實知識產權保護若干措施的實施方案
        為貫徹落實《關於強化知識產權保護的若干措施》（某政办[2021]9号），制定本方案。
        一、嚴保護
        （一）嚴厲打擊侵權假冒行為。深化知識產權民事、刑事、行政案件“三合一”審判機制改革，依法落實知識產權侵權懲罰性賠償制度。
    """
    juris = ('\n[[jurisdictions]]\nid = "city"\nname_zh = "某某市"\nname_en = "City"\nlevel = "city"\nparent = "prov"\n'
             '\n[[jurisdictions]]\nid = "dist"\nname_zh = "某某区"\nname_en = "District"\nlevel = "district"\nparent = "city"\n')
    manifest = (MANIFEST_HEAD + juris + '\n[[documents]]\nfile = "city.txt"\njurisdiction = "city"\n'
                '\n[[documents]]\nfile = "dist.txt"\njurisdiction = "dist"\n')
    g = build_graph(load_corpus(write_corpus(tmp_path, {"city.txt": city, "dist.txt": district}, manifest)))
    implements = [(src[1], dst[1]) for (t, src, dst) in g.rels if t == "IMPLEMENTS"]
    assert implements == [("dist", "city")]
    derived = [(src[1], dst[1]) for (t, src, dst) in g.rels if t == "DERIVED_FROM" and src[0] == "Document"]
    assert derived == [("dist", "city")]     # the district took the city's wording


SHARED = "建立健全知识产权侵权快速反应机制，对重复侵权、恶意侵权等行为依法从重处罚，推动建立侵权惩罚性赔偿制度，切实提高违法成本"


def _two_texts(tmp_path, city_date, province_date, city_cites=False, svc=None):
    from helpers import MANIFEST_HEAD, write_corpus
    city = (f"某市知识产权保护工作方案\n{city_date}\n" + ("根据《某某省知识产权保护行动计划》，制定本方案。\n" if city_cites else "")
            + f"一、严格保护\n（一）{SHARED}。\n（二）开展专项执法行动。\n")
    province = f"某某省知识产权保护行动计划\n{province_date}\n一、严格保护\n（一）{SHARED}。\n（二）建设保护中心。\n"
    manifest = MANIFEST_HEAD + '''
[[jurisdictions]]
id = "city"
name_zh = "某市"
name_en = "Some City"
level = "city"
parent = "prov"

[[documents]]
file = "city.txt"
jurisdiction = "city"

[[documents]]
file = "province.txt"
jurisdiction = "prov"
'''
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    svc = svc or PolicyService(NetworkxStore())
    svc.load(write_corpus(tmp_path / f"c{city_date}{city_cites}", {"city.txt": city, "province.txt": province}, manifest))
    return svc


def test_reused_wording_runs_from_the_earlier_text_to_the_later_whatever_the_levels(tmp_path):
    later_city = _two_texts(tmp_path, "2019年3月1日", "2017年3月1日")
    assert [a["document"]["id"] for a in later_city.lineage("city")["ancestors"]] == ["province"]
    later_province = _two_texts(tmp_path, "2017年3月1日", "2019年3月1日")
    assert [a["document"]["id"] for a in later_province.lineage("province")["ancestors"]] == ["city"]
    assert later_province.lineage("city")["ancestors"] == []


@pytest.mark.parametrize("store", ["networkx", "neo4j"])
def test_a_document_is_never_its_own_ancestor_even_when_edges_form_a_cycle(tmp_path, request, store):
    # the city says it is made under the province's plan, which (by the dates) took the city's wording
    shared = request.getfixturevalue("neo4j_service") if store == "neo4j" else None
    try:
        svc = _two_texts(tmp_path, "2017年3月1日", "2019年3月1日", city_cites=True, svc=shared)
        for doc in ("city", "province"):
            answer = svc.lineage(doc)
            assert answer["ancestors"] or answer["descendants"]
            assert doc not in {a["document"]["id"] for a in answer["ancestors"] + answer["descendants"]}
            assert all(len(set(r["path"])) == len(r["path"]) for a in answer["ancestors"] for r in a["routes"])
    finally:
        if shared is not None:
            shared.load()


def test_shared_citations_and_opening_formulas_are_not_reuse(tmp_path):
    from helpers import MANIFEST_HEAD, write_corpus
    from policykg.loaders.pipeline import load_corpus
    from policykg.loaders.reuse import find_reuse
    opening = ("以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，全面贯彻落实党中央、国务院决策部署，"
               "深入贯彻《知识产权强国建设纲要（2021—2035年）》和《“十四五”国家知识产权保护和运用规划》")
    a = f"某区知识产权保护工作方案\n2022年1月5日\n一、指导思想\n{opening}，推动本区发展。\n二、主要任务\n（一）开展专利侵权纠纷行政裁决。\n"
    b = f"某县知识产权保护工作方案\n2023年2月6日\n一、指导思想\n{opening}，服务全县大局。\n二、主要任务\n（一）建设商标品牌指导站。\n"
    corpus = load_corpus(write_corpus(tmp_path / "c", {"a.txt": a, "b.txt": b}))
    assert [d.date for d in corpus.documents] == ["2022-01-05", "2023-02-06"]     # reuse could run b → a
    assert find_reuse(corpus).alignments == []


def _gap_ids(entries):
    return [e["measure"]["id"] for e in entries]


def test_luolong_against_luoyang(client):
    gap = client.get("/api/documents/luolong/implementation").json()
    by_id = {a["ancestor"]["id"]: a for a in gap["ancestors"]}
    assert list(by_id) == ["luoyang"] and by_id["luoyang"]["relations"] == ["derived"]
    a = by_id["luoyang"]
    own = {m["id"] for m in client.get("/api/jurisdictions/luolong/measures").json()}
    theirs = {m["id"] for m in client.get("/api/jurisdictions/luoyang/measures").json()}
    assert set(_gap_ids(a["took_up"])) == own & theirs and own & theirs
    assert set(_gap_ids(a["left_out"])) == theirs - own
    assert set(_gap_ids(a["added"])) == own - theirs
    # what is cited but not in the corpus is listed apart, not compared
    assert gap["outside_corpus"] and all(not o["document"]["in_corpus"] for o in gap["outside_corpus"])


def test_an_unknown_document_is_404(client):
    r = client.get("/api/documents/nowhere/implementation")
    assert r.status_code == 404 and "nowhere" in r.json()["message"]
