"""How a measure spread over time, on both stores: the bundled corpus (one adopter has no date)
and the written city and district plans (tests/data/implementation)."""
from pathlib import Path

import pytest

from helpers import client_over

WRITTEN = Path(__file__).parent / "data" / "implementation"


def test_technical_investigators_first_in_beijing_and_luolong_undated(client):
    t = client.get("/api/measures/technical_investigators/timeline").json()
    assert t["measure"]["id"] == "technical_investigators" and t["first_adopters"] == ["beijing"]
    assert [(j["jurisdiction"], j["first"]["date"], j["first"]["date_source"]) for j in t["jurisdictions"]] == [
        ("beijing", "2020-09-03", "published"), ("hanyang", "2024-01-31", "issued")]
    assert [j["jurisdiction"] for j in t["undated"]] == ["luolong"]
    assert t["undated"][0]["first"] is None and t["undated"][0]["documents"][0]["date"] is None
    assert t["years"] == [2020, 2021, 2022, 2023, 2024]
    district = next(l for l in t["by_level"] if l["level"] == "district")
    assert (district["adopters"], district["undated"]) == (1, 1)
    assert [(y["year"], y["new"], y["total"]) for y in district["years"]][-1] == (2024, 1, 1)
    # the evidence: each document's adopting provisions
    assert all(d["provisions"] for j in t["jurisdictions"] for d in j["documents"])


def test_an_unknown_measure_is_404(client):
    r = client.get("/api/measures/nowhere/timeline")
    assert r.status_code == 404 and "nowhere" in r.json()["message"]


@pytest.fixture(scope="module", params=["networkx", "neo4j"])
def written(request):
    with client_over(request, WRITTEN) as client:
        yield client


def test_the_city_first_then_its_districts_year_by_year(written):
    t = written.get("/api/measures/technical_investigators/timeline").json()
    assert t["first_adopters"] == ["qinghe"]
    assert [(j["jurisdiction"], j["level"], j["first"]["year"]) for j in t["jurisdictions"]] == [
        ("qinghe", "city", 2021), ("dongping", "district", 2022), ("xiping", "district", 2023)]
    district = next(l for l in t["by_level"] if l["level"] == "district")
    assert [(y["year"], y["new"], y["total"]) for y in district["years"]] == [(2021, 0, 0), (2022, 1, 1), (2023, 1, 2)]
    # punitive damages: the city in 2021, Xiping in 2023, never Dongping
    t = written.get("/api/measures/punitive_damages/timeline").json()
    assert [(j["jurisdiction"], j["first"]["date"]) for j in t["jurisdictions"]] == [("qinghe", "2021-03-15"),
                                                                                   ("xiping", "2023-08-01")]


def test_a_measure_nobody_adopts_has_an_empty_timeline(written):
    measures = written.get("/api/measures").json()
    unadopted = next(m["id"] for m in measures if m["adopter_count"] == 0)
    t = written.get(f"/api/measures/{unadopted}/timeline").json()
    assert (t["jurisdictions"], t["undated"], t["first_adopters"], t["years"]) == ([], [], [], [])
