"""The analysts' new questions on a larger corpus (60 generated documents: a national plan,
provinces, cities and districts, each citing its parent's plan and reusing its wording), on both
stores: what each answer says must agree with the graph it comes from."""
import pytest

from helpers import service_over

from policykg.benchmarks.synthetic import write_corpus


@pytest.fixture(scope="module", params=["networkx", "neo4j"])
def large(request, tmp_path_factory):
    with service_over(request, write_corpus(str(tmp_path_factory.mktemp("large")), documents=60, seed=5)) as svc:
        yield svc


def measures_of(svc, doc_id):
    return {r["id"] for r in svc.store.query("document_measures", id=doc_id)}


def test_every_district_plan_is_compared_with_its_city_and_the_gap_adds_up(large):
    juris = {j["id"]: j for j in large.jurisdictions()}
    districts = [d for d in large.documents() if juris[d["jurisdiction"]]["level"] == "district"]
    assert len(districts) > 30
    for d in districts:
        gap = large.implementation(d["id"])
        parent = juris[d["jurisdiction"]]["parent"]
        assert gap["ancestors"][0]["ancestor"]["jurisdiction"] == parent, d["id"]
        own = measures_of(large, d["id"])
        for a in gap["ancestors"]:
            theirs = measures_of(large, a["ancestor"]["id"])
            took = {e["measure"]["id"] for e in a["took_up"]}
            assert took == own & theirs
            assert {e["measure"]["id"] for e in a["left_out"]} == theirs - own
            assert {e["measure"]["id"] for e in a["added"]} == own - theirs
            # an ancestor is cited, or its jurisdiction is the document's own or one above it
            chain, j = set(), d["jurisdiction"]
            while j:
                chain.add(j)
                j = juris[j]["parent"]
            assert a["ancestor"]["jurisdiction"] in chain or "implements" in a["relations"]


def test_responsibility_rows_hold_their_filters_and_add_up(large):
    everything = large.responsibilities()
    assert everything["total"] > 1000
    for role in ("lead", "support", "responsible"):
        part = large.responsibilities(role=role)
        assert all(r["agency"]["role"] == role for r in part["rows"])
    assert sum(large.responsibilities(role=r)["total"] for r in ("lead", "support", "responsible")) == everything["total"]
    dated = large.responsibilities(due_before="2022-12-31")["rows"]
    assert dated and all(r["deadline"]["date"] <= "2022-12-31" for r in dated)


def test_every_timeline_puts_each_jurisdiction_at_its_earliest_dated_adoption(large):
    for m in large.measures()[:40]:
        t = large.timeline(m["id"])
        for j in t["jurisdictions"]:
            dates = [d["date"] for d in j["documents"] if d["date"]]
            assert j["first"]["date"] == min(dates)
        if t["jurisdictions"]:
            earliest = t["jurisdictions"][0]["first"]["date"]
            assert set(t["first_adopters"]) == {j["jurisdiction"] for j in t["jurisdictions"] if j["first"]["date"] == earliest}
            assert sum(l["adopters"] for l in t["by_level"]) == len(t["jurisdictions"])
        assert all(not d["date"] for j in t["undated"] for d in j["documents"])
        assert m["adopter_count"] == len(t["jurisdictions"]) + len(t["undated"])


def test_differences_are_only_between_adopters_that_state_the_aspect(large):
    docs = large.documents()
    js = list(dict.fromkeys(d["jurisdiction"] for d in docs))[:5]
    c = large.compare(js, text=False)
    assert c["shared"] or c["partial"]
    for m in c["shared"] + c["partial"]:
        for d in m["differences"]:
            stated = {j: v for j, v in d["values"].items() if v is not None}
            assert len(stated) >= 2 and set(d["values"]) == set(m["provisions"])
