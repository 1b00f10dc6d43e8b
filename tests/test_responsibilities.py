"""Accountability: who must do what by when — the API on both stores, the CSV, the CLI, and a
genre corpus written for the tests (lead and supporting units, dated and recurring deadlines)."""
import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from policykg.accountability import to_csv
from policykg.cli import main as cli
from policykg.graph.nx_store import NetworkxStore
from policykg.service import PolicyService

GENRE = Path(__file__).parent / "data" / "genre"
KEYS = {"jurisdiction", "document", "provision", "measure", "agency", "deadline"}


def test_trade_secrets_rows_name_agency_role_and_deadline(client):
    body = client.get("/api/responsibilities", params={"measure": "trade_secrets"}).json()
    assert body["total"] == 3 and body["truncated"] is False
    first = body["rows"][0]
    assert set(first) >= KEYS
    assert first["jurisdiction"] == "hanyang" and first["measure"]["id"] == "trade_secrets"
    assert set(first["provision"]) >= {"id", "number", "text", "span", "citation"}
    assert first["provision"]["citation"].startswith("汉阳区《") and first["provision"]["citation"].endswith("》第4项")
    assert first["agency"] == {"name": "区市场监管局", "type": "market_regulation", "role": "responsible"}
    assert {k: first["deadline"][k] for k in ("kind", "date", "text")} == {
        "kind": "by_date", "date": "2025-12-31", "text": "2025年12月底前完成"}
    # the evidence stands in the source where the span says
    text = Path(client.get("/api/documents/hanyang").json()["file"]).name
    assert text == "hanyang.txt"
    assert [(r["provision"]["id"], r["agency"]["name"]) for r in body["rows"]] == [
        ("hanyang.p5", "区市场监管局"), ("hanyang.p5", "区司法局"), ("hanyang.p33", "区市场监管局")]


def test_every_filter_holds_in_every_row(client):
    everything = client.get("/api/responsibilities", params={"limit": 5000}).json()
    assert everything["total"] == len(everything["rows"]) > 300
    for params, holds in [
        ({"agency_type": "court"}, lambda r: r["agency"]["type"] == "court"),
        ({"role": "lead"}, lambda r: r["agency"]["role"] == "lead"),
        ({"jurisdiction": "luohe"}, lambda r: r["jurisdiction"] == "luohe"),
        ({"theme": "fast"}, None),
        ({"due_before": "2024-12-31"}, lambda r: r["deadline"]["date"] <= "2024-12-31"),
    ]:
        body = client.get("/api/responsibilities", params={**params, "limit": 5000}).json()
        assert body["total"] == len(body["rows"]) and body["filters"][next(iter(params))] == next(iter(params.values()))
        assert 0 < body["total"] < everything["total"], params
        if holds:
            assert all(holds(r) for r in body["rows"]), params
    # a measure and a theme at once: both hold
    both = client.get("/api/responsibilities", params={"measure": "blockchain_evidence", "due_before": "2024-06-30"}).json()
    assert [(r["provision"]["id"], r["deadline"]["date"]) for r in both["rows"]] == [("hanyang.p39", "2024-06-30")]


def test_pages_add_up_to_the_whole(client):
    whole = client.get("/api/responsibilities", params={"jurisdiction": "hanyang", "limit": 5000}).json()["rows"]
    pages, offset = [], 0
    while True:
        body = client.get("/api/responsibilities", params={"jurisdiction": "hanyang", "limit": 7, "offset": offset}).json()
        if not body["rows"]:
            break
        assert body["truncated"] is True and body["total"] == len(whole)
        pages += body["rows"]
        offset += 7
    assert pages == whole
    bare = client.get("/api/responsibilities", params={"jurisdiction": "hanyang", "limit": 3, "text": "false"}).json()
    assert [r["provision"]["text"] for r in bare["rows"]] == [None] * 3


@pytest.mark.parametrize("params, status, says", [
    ({"measure": "no_such_measure"}, 404, "no_such_measure"),
    ({"jurisdiction": "atlantis"}, 404, "atlantis"),
    ({"agency_type": "ministry_of_magic"}, 422, "agency_type"),
    ({"role": "boss"}, 422, "role"),
    ({"theme": "slow"}, 422, "theme"),
    ({"due_before": "2024-13-01"}, 422, "due_before"),
    ({"due_before": "0"}, 422, "due_before"),
    ({"due_before": "20241231"}, 422, "due_before"),
    ({"limit": "0"}, 422, "limit"),
])
def test_a_bad_filter_says_what_is_wrong(client, params, status, says):
    r = client.get("/api/responsibilities", params=params)
    assert r.status_code == status and says in r.json()["message"]


def test_csv_holds_every_row_and_disarms_formulas(client):
    r = client.get("/api/responsibilities.csv", params={"measure": "trade_secrets"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [(x["provision"], x["agency"], x["role"], x["deadline_date"]) for x in rows] == [
        ("hanyang.p5", "区市场监管局", "responsible", "2025-12-31"), ("hanyang.p5", "区司法局", "responsible", "2025-12-31"),
        ("hanyang.p33", "区市场监管局", "responsible", "")]
    hostile = {"jurisdiction": "x", "jurisdiction_name": "=HYPERLINK(\"http://evil\")", "document": "d",
               "document_title": "+1", "doc_number": None,
               "provision": {"id": "d.p1", "citation": "-c", "text": "@SUM(A1)", "span": [0, 1]},
               "measure": None, "agency": {"name": "局", "type": "other", "role": "lead"}, "deadline": None}
    row = next(csv.DictReader(io.StringIO(to_csv([hostile]).lstrip("\ufeff"))))
    assert (row["jurisdiction_name"], row["document_title"], row["citation"], row["provision_text"]) == (
        "'=HYPERLINK(\"http://evil\")", "'+1", "'-c", "'@SUM(A1)")


def test_agency_types_are_listed_for_the_filter(client):
    types = client.get("/api/agency-types").json()
    ids = [t["id"] for t in types]
    assert {"court", "market_regulation", "procuratorate", "other"} <= set(ids) and len(ids) == len(set(ids))
    assert all(t["label_zh"] and t["label_en"] for t in types)


@pytest.fixture(scope="module")
def genre():
    service = PolicyService(NetworkxStore())
    service.load(GENRE)
    return service


def test_a_genre_plan_with_lead_and_supporting_units(genre):
    lead = genre.responsibilities(role="lead")["rows"]
    assert lead and {r["agency"]["role"] for r in lead} == {"lead"}
    support = genre.responsibilities(role="support")["rows"]
    assert support and {r["agency"]["role"] for r in support} == {"support"}
    # a provision that names a lead and supporting units gives a row for each, the lead first
    by_provision = {}
    for r in genre.responsibilities(measure="technical_investigators")["rows"]:
        by_provision.setdefault(r["provision"]["id"], []).append((r["agency"]["role"], r["agency"]["type"]))
    assert any(roles[0] == ("lead", "court") and any(role == "support" for role, _ in roles)
               for roles in by_provision.values()), by_provision
    dated = genre.responsibilities(due_before="2025-06-30")["rows"]
    assert dated and all(r["deadline"]["date"] <= "2025-06-30" for r in dated)


def test_cli_prints_the_table_and_the_csv():
    runner = CliRunner()
    out = runner.invoke(cli, ["responsibilities", "--measure", "trade_secrets"])
    assert out.exit_code == 0, out.output
    assert "汉阳区《" in out.output and "区司法局" in out.output and "2025-12-31" in out.output
    assert out.output.rstrip().endswith("3 rows")
    out = runner.invoke(cli, ["responsibilities", "--measure", "trade_secrets", "--csv"])
    assert out.exit_code == 0 and len(out.output.strip().splitlines()) == 4
    out = runner.invoke(cli, ["responsibilities", "--agency-type", "wizards"])
    assert out.exit_code != 0 and "unknown agency type 'wizards'" in out.output
