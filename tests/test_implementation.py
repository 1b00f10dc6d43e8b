"""The implementation gap on both stores: a district plan against the city plan it cites, written
for the tests (tests/data/implementation). Luolong against Luoyang (the bundled corpus) is in
test_lineage.py, beside the other questions asked of the bundled graph."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import client_over

from policykg.cli import main as cli

WRITTEN = Path(__file__).parent / "data" / "implementation"


def ids(entries):
    return [e["measure"]["id"] for e in entries]


@pytest.fixture(scope="module", params=["networkx", "neo4j"])
def written(request):
    with client_over(request, WRITTEN) as client:
        yield client


def test_a_district_plan_against_the_city_plan_it_cites(written):
    gap = written.get("/api/documents/dongping_plan/implementation").json()
    assert gap["document"]["id"] == "dongping_plan" and gap["measures"] == 8
    [city] = gap["ancestors"]
    assert city["ancestor"]["id"] == "qinghe_plan" and city["depth"] == 1
    assert city["relations"] == ["derived", "implements"]        # cited by title and 文号, and wording reused
    assert ids(city["took_up"]) == ["blockchain_evidence", "grassroots_workstations", "mediation",
                                    "technical_investigators", "trade_secrets"]
    assert ids(city["left_out"]) == ["damages_assessment", "funding", "ip_insurance", "ip_protection_centre",
                                     "overseas_rights_protection", "punitive_damages", "repeat_wilful_infringement",
                                     "rights_assistance"]
    assert ids(city["added"]) == ["administrative_adjudication", "ip_pledge_financing", "leadership_responsibility"]
    assert city["coverage"] == round(5 / 13, 3)
    took = {e["measure"]["id"]: e for e in city["took_up"]}
    assert [p["number"] for p in took["technical_investigators"]["provisions"]] == ["1."]
    assert [p["number"] for p in took["technical_investigators"]["ancestor_provisions"]] == ["（一）"]
    left = {e["measure"]["id"]: e for e in city["left_out"]}
    assert left["ip_insurance"]["provisions"] == [] and left["ip_insurance"]["ancestor_provisions"][0]["matched"]


def test_the_city_plan_has_no_ancestor_in_the_corpus(written):
    gap = written.get("/api/documents/qinghe_plan/implementation").json()
    assert gap["ancestors"] == [] and gap["measures"] == 13


def test_cli_prints_the_gap():
    out = CliRunner().invoke(cli, ["implementation", "dongping_plan", "--corpus", str(WRITTEN)])
    assert out.exit_code == 0, out.output
    assert "took up 5 of the ancestor's 13 measures, added 3" in out.output
    assert "by reused text and by citation" in out.output
    assert "−  知识产权保险 (ip_insurance)" in out.output and "+  知识产权质押融资 (ip_pledge_financing)" in out.output
