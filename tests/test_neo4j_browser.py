"""Neo4j Browser assets: every guide query runs on a real Neo4j, and the style covers every label."""
import html
import re

import pytest

from policykg.routers.browser import ASSETS
from policykg.graph.data import LABELS

GUIDE = (ASSETS / "guide.html").read_text(encoding="utf-8")
QUERIES = [html.unescape(q) for q in re.findall(r'<pre mode="cypher"[^>]*runnable">(.*?)</pre>', GUIDE, re.S)]


def test_the_guide_has_runnable_queries_for_the_analysts_questions():
    text = " ".join(QUERIES)
    assert len(QUERIES) >= 6
    assert "ADOPTS" in text and "IMPLEMENTS*" in text and "'beijing', 'luohe'" in text


@pytest.mark.parametrize("cypher", QUERIES, ids=range(len(QUERIES)))
def test_every_guide_query_runs_and_answers_on_neo4j(neo4j_service, cypher):
    records, _, _ = neo4j_service.store.driver.execute_query(cypher)
    assert records, cypher


def test_the_style_gives_every_label_a_colour_and_caption():
    grass = (ASSETS / "policykg.grass").read_text(encoding="utf-8")
    for label in LABELS:
        rule = re.search(rf"node\.{label}\s*{{([^}}]*)}}", grass)
        assert rule, label
        assert "color:" in rule.group(1) and "caption:" in rule.group(1)


def test_the_api_serves_the_guide_and_the_style(client):
    r = client.get("/neo4j/guide.html")
    assert r.status_code == 200 and "<article class=\"guide\">" in r.text
    assert "node.Measure" in client.get("/neo4j/policykg.grass").text


def test_neo4j_browser_may_fetch_the_guide_from_its_own_origin(client):
    r = client.options("/neo4j/guide.html", headers={"Origin": "http://127.0.0.1:7474",
                                                     "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"
    # the rest of the API keeps its own (closed by default) CORS policy
    r = client.get("/api/documents", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in r.headers
