"""Adoption, comparison, matrix, search and similar provisions, through the API and the CLI."""
import pytest
from click.testing import CliRunner

from policykg.cli import main


def adopter_ids(client, measure):
    return {a["jurisdiction"] for a in client.get(f"/api/measures/{measure}").json()["adopters"]}


@pytest.mark.parametrize("q,measure", [
    ("技术调查官", "technical_investigators"),
    ("technical investigators", "technical_investigators"),
    ("which cities adopt technical investigators?", "technical_investigators"),
    ("punitive damages", "punitive_damages"),
    ("惩罚性赔偿", "punitive_damages"),
    ("行政执法与刑事司法衔接", "admin_criminal_linkage"),
    ("IP insurance", "ip_insurance"),
    ("does Luohe have anything on IP insurance?", "ip_insurance"),
    ("海外维权", "overseas_rights_protection"),
    ("blockchain evidence", "blockchain_evidence"),
    ("简案快审", "case_streamlining"),
])
def test_a_phrase_in_the_analysts_words_resolves_to_its_measure(client, q, measure):
    body = client.get("/api/adoption", params={"q": q}).json()
    assert body["route"] == "measure" and body["query"] == q
    assert body["measures"][0]["id"] == measure
    assert set(body["measures"][0]) >= {"id", "label_zh", "label_en", "score"}


def test_adopters_are_exactly_the_jurisdictions_with_a_tagged_provision(client, corpus):
    body = client.get("/api/adoption", params={"q": "技术调查官"}).json()
    got = {j["id"] for j in body["jurisdictions"]}
    tagged = {d.jurisdiction for d in corpus.documents for p in d.provisions
              if any(m["measure"] == "technical_investigators" for m in p.measures)}
    assert got == tagged == {"beijing", "hanyang", "luolong"}
    for j in body["jurisdictions"]:
        assert set(j) >= {"id", "name_zh", "provisions"}
        for p in j["provisions"]:
            assert set(p) >= {"id", "document", "number", "text"}
            assert p["evidence"]["matched"] in p["text"].replace("\n", "")


def test_no_measure_fits_so_fulltext_answers_and_says_so(client):
    body = client.get("/api/adoption", params={"q": "食品职业学院"}).json()
    assert body["route"] == "fulltext" and body["measures"] == []
    assert [j["id"] for j in body["jurisdictions"]] == ["luohe"]


def test_a_broad_phrase_does_not_return_every_jurisdiction(client):
    body = client.get("/api/adoption", params={"q": "知识产权保护"}).json()
    assert len(body["jurisdictions"]) < 5


def test_measures_list_and_detail(client):
    rows = {m["id"]: m for m in client.get("/api/measures").json()}
    ti = rows["technical_investigators"]
    assert set(ti) >= {"id", "label_zh", "label_en", "themes", "adopter_count"} and ti["adopter_count"] == 3
    detail = client.get("/api/measures/technical_investigators").json()
    assert {a["jurisdiction"] for a in detail["adopters"]} == {"beijing", "hanyang", "luolong"}
    p = detail["adopters"][0]["provisions"][0]
    assert set(p) >= {"id", "document", "number", "text", "evidence"} and p["evidence"]["matched"]
    assert client.get("/api/measures/nonsense").status_code == 404


def test_compare_two_jurisdictions(client):
    body = client.get("/api/compare", params=[("j", "beijing"), ("j", "luohe")]).json()
    assert body["jurisdictions"] == ["beijing", "luohe"]
    shared = {m["id"] for m in body["shared"]}
    only_beijing = {m["id"] for m in body["only"]["beijing"]}
    assert "case_streamlining" in shared
    assert "technical_investigators" in only_beijing
    assert not shared & only_beijing
    for m in body["shared"]:
        assert set(m["provisions"]) == {"beijing", "luohe"}
    assert set(body["only"]) == {"beijing", "luohe"}


def test_compare_by_theme_keeps_only_that_theme(client):
    body = client.get("/api/compare", params=[("j", "beijing"), ("j", "luoyang"), ("theme", "fast")]).json()
    entries = body["shared"] + body["only"]["beijing"] + body["only"]["luoyang"]
    assert entries and all("fast" in m["themes"] for m in entries)


def test_compare_refuses_one_jurisdiction_unknown_ids_and_themes(client):
    assert client.get("/api/compare", params=[("j", "beijing")]).status_code == 422
    r = client.get("/api/compare", params=[("j", "beijing"), ("j", "atlantis")])
    assert r.status_code == 404 and "atlantis" in r.json()["message"]
    assert client.get("/api/compare", params=[("j", "beijing"), ("j", "luohe"), ("theme", "loud")]).status_code == 422


def test_the_coverage_matrix_counts_tagged_provisions(client, corpus):
    body = client.get("/api/matrix").json()
    assert set(body["jurisdictions"]) == {"beijing", "luoyang", "luohe", "hanyang", "luolong"}
    row = next(m for m in body["measures"] if m["id"] == "technical_investigators")
    expected = {}
    for d in corpus.documents:
        expected[d.jurisdiction] = sum(any(m["measure"] == "technical_investigators" for m in p.measures)
                                       for p in d.provisions)
    assert row["counts"] == expected


def test_search_ranks_provisions(client):
    hits = client.get("/api/search", params={"q": "区块链 存证"}).json()
    assert hits and "区块链" in hits[0]["text"]
    assert hits == sorted(hits, key=lambda h: -h["score"])


def test_similar_provisions_come_from_other_jurisdictions(client):
    hanyang_ti = next(p for p in client.get("/api/documents/hanyang").json()["provisions"] if p["number"] == "61.")
    similar = client.get(f"/api/provisions/{hanyang_ti['id']}/similar").json()
    assert similar and all(s["jurisdiction"] != "hanyang" for s in similar)
    assert any("technical_investigators" in s["shared_measures"] for s in similar)
    assert similar == sorted(similar, key=lambda s: -s["score"])
    assert client.get("/api/provisions/nowhere.p1/similar").status_code == 404


def test_agencies_responsible_for_a_measure(client):
    rows = client.get("/api/agencies/responsible", params={"measure": "technical_investigators"}).json()
    assert {(r["jurisdiction"], r["agency"]) for r in rows} >= {("hanyang", "区市场监管局"), ("hanyang", "区法院")}


def test_jurisdiction_measures(client):
    rows = client.get("/api/jurisdictions/luohe/measures").json()
    assert "case_streamlining" in {r["id"] for r in rows}


def test_cli_adoption_and_compare_print_tables():
    out = CliRunner().invoke(main, ["adoption", "技术调查官"]).output
    assert "technical_investigators" in out and "hanyang" in out and "3 jurisdictions" in out
    out = CliRunner().invoke(main, ["compare", "beijing", "luohe"]).output
    assert "Shared by all" in out and "Only beijing" in out and "Only luohe" in out


def test_adoption_is_paged_with_totals_on_both_stores(client):
    whole = client.get("/api/adoption", params={"q": "技术调查官"}).json()
    assert whole["total"] == len(whole["jurisdictions"]) == 3 and whole["truncated"] is False
    page = client.get("/api/adoption", params={"q": "技术调查官", "offset": 1, "limit": 1,
                                              "per_jurisdiction": 1, "text": "false"}).json()
    [j] = page["jurisdictions"]
    assert j["id"] == whole["jurisdictions"][1]["id"] and page["total"] == 3 and page["truncated"] is True
    assert j["provisions"][0]["id"] == whole["jurisdictions"][1]["provisions"][0]["id"]
    assert j["provisions"][0]["text"] is None and j["provisions"][0]["evidence"]["matched"]
    assert j["provision_total"] == len(whole["jurisdictions"][1]["provisions"])
    assert client.get("/api/adoption", params={"q": "技术调查官", "limit": 0}).status_code == 422


def test_compare_cuts_each_measures_provisions_and_says_so_on_both_stores(client):
    whole = client.get("/api/compare", params={"j": ["beijing", "hanyang"]}).json()
    assert whole["truncated"] is False
    cut = client.get("/api/compare", params={"j": ["beijing", "hanyang"], "per_jurisdiction": 1, "text": "false"}).json()
    assert [m["id"] for m in cut["shared"]] == [m["id"] for m in whole["shared"]]
    for m, full in zip(cut["shared"], whole["shared"]):
        assert m["provision_totals"] == {j: len(ps) for j, ps in full["provisions"].items()}
        assert all(len(ps) == 1 and ps[0]["text"] is None for ps in m["provisions"].values())
        assert m["truncated"] == any(len(ps) > 1 for ps in full["provisions"].values())
    assert cut["truncated"] == any(m["truncated"] for m in cut["shared"] + cut["partial"])
