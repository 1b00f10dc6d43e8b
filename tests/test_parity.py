"""Every named query answers the same on the networkx store and on a real Neo4j, over the corpus."""
import pytest

from policykg.graph.catalog import load_catalog

JURISDICTIONS = ["china", "beijing", "luoyang", "luohe", "hanyang", "luolong", "wuhan"]
DOCUMENTS = ["beijing", "luoyang", "luohe", "hanyang", "luolong", "cited:豫办〔2020〕21号", "nowhere"]
PROVISIONS = ["beijing.p10", "hanyang.p14", "hanyang.p62", "luohe.p5", "luolong.p20", "luoyang.p5", "nowhere.p1"]
MEASURES = ["technical_investigators", "punitive_damages", "case_streamlining", "ip_insurance", "nonsense"]

CASES = {
    "jurisdictions": [{}], "documents": [{}], "measures": [{}], "coverage_matrix": [{}], "graph_counts": [{}],
    "all_provisions": [{}],
    "jurisdiction": [{"id": j} for j in JURISDICTIONS + ["atlantis"]],
    "document": [{"id": d} for d in DOCUMENTS],
    "document_sections": [{"id": d} for d in DOCUMENTS],
    "document_citations": [{"id": d} for d in DOCUMENTS],
    "document_provisions": [{"id": d} for d in DOCUMENTS],
    "provision": [{"id": p} for p in PROVISIONS],
    "similar_provisions": [{"id": p} for p in PROVISIONS],
    "agencies": [{}],
    "jurisdiction_agencies": [{"jurisdiction": j} for j in JURISDICTIONS + ["atlantis"]],
    "measure": [{"id": m} for m in MEASURES],
    "adopters": [{"measures": [m]} for m in MEASURES] + [{"measures": MEASURES}, {"measures": []}],
    "jurisdiction_measures": [{"jurisdiction": j} for j in JURISDICTIONS],
    "compare": [{"jurisdictions": js, "theme": t} for js in (["beijing", "luohe"], ["luoyang", "luolong", "hanyang"])
                for t in (None, "strict", "fast", "equal")],
    "lineage_ancestors": [{"id": d} for d in DOCUMENTS + ["cited:武知战办〔2023〕4号"]],
    "lineage_descendants": [{"id": d} for d in DOCUMENTS + ["cited:武办发〔2020〕16号", "cited:中发〔2021〕32号"]],
    "provision_derived_from": [{"id": p} for p in PROVISIONS + ["luolong.p19", "luolong.p21"]],
    "provision_derived_into": [{"id": p} for p in PROVISIONS + ["luoyang.p5", "luoyang.p13"]],
    "document_reuse": [{"id": d} for d in DOCUMENTS],
    "jurisdiction_documents": [{"jurisdiction": j} for j in JURISDICTIONS],
    "measure_agencies": [{"measure": m, "theme": t} for m, t in
                         [(None, None), ("technical_investigators", None), (None, "strict"), ("case_streamlining", "fast")]],
}


def test_every_named_query_has_parity_cases():
    assert set(CASES) == set(load_catalog())


@pytest.mark.parametrize("name,params", [(n, p) for n, ps in sorted(CASES.items()) for p in ps],
                         ids=lambda v: str(v) if isinstance(v, str) else "-".join(map(str, v.values())) or "none")
def test_named_query_gives_equal_answers_on_both_stores(nx_service, neo4j_service, name, params):
    expected = nx_service.store.query(name, **params)
    got = neo4j_service.store.query(name, **params)
    assert got == expected
