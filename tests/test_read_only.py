"""Questions read the configured store and never write to it: only `load` and the reload endpoint write.

Against a real Neo4j holding the bundled corpus and a sentinel node that no load would keep,
every question of the CLI and of the Python API answers, the sentinel survives and the graph's
counts do not change. The corpus setting points at a folder that does not exist, so an answer
that parsed the corpus would fail instead."""
import json

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

import policykg
from policykg.cli import main

QUESTIONS = [
    (["adoption", "技术调查官"], "beijing"),
    (["compare", "beijing", "luohe"], "Shared by all"),
    (["lineage", "hanyang"], "武知战办〔2023〕4号"),
    (["inspect", "luohe"], "漯办〔2020〕19号"),
    (["inspect", "wuhan"], "Jurisdiction wuhan"),
]


def _counts(driver) -> dict:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN labels(n)[0] AS name, count(*) AS c UNION ALL "
        "MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS c } RETURN name, c ORDER BY name")
    return {r["name"]: r["c"] for r in records}


@pytest.fixture
def sentinel(neo4j_service, neo4j_uri):
    """The loaded Neo4j, with a node no load writes (in the generation readers see); removed again after."""
    driver = GraphDatabase.driver(neo4j_uri)
    driver.execute_query("MATCH (g:PolicyKGGeneration {id: 'current'}) "
                         "CREATE (:Sentinel {id: 'sentinel', gen: g.current})")
    try:
        yield driver
    finally:
        driver.execute_query("MATCH (s:Sentinel) DELETE s")
        driver.close()


def _alive(driver) -> bool:
    records, _, _ = driver.execute_query("MATCH (s:Sentinel {id: 'sentinel'}) RETURN count(s) AS n")
    return records[0]["n"] == 1


@pytest.mark.parametrize("args, expected", QUESTIONS, ids=[" ".join(a) for a, _ in QUESTIONS])
def test_cli_questions_on_neo4j_read_and_never_write(sentinel, neo4j_uri, tmp_path, args, expected):
    before = _counts(sentinel)
    env = {"POLICYKG_BACKEND": "neo4j", "POLICYKG_NEO4J_URI": neo4j_uri,
           "POLICYKG_CORPUS": str(tmp_path / "no-such-corpus")}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert expected in result.output
    assert _alive(sentinel), f"`policykg {' '.join(args)}` wiped the graph"
    assert _counts(sentinel) == before


def test_export_from_neo4j_writes_what_neo4j_holds_and_leaves_it(sentinel, neo4j_uri, tmp_path):
    before = _counts(sentinel)
    out = tmp_path / "g.json"
    env = {"POLICYKG_BACKEND": "neo4j", "POLICYKG_NEO4J_URI": neo4j_uri,
           "POLICYKG_CORPUS": str(tmp_path / "no-such-corpus")}
    result = CliRunner().invoke(main, ["export", "--format", "json", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    labels = {n["label"] for n in doc["nodes"]}
    assert "Sentinel" in labels            # what Neo4j holds, not a graph rebuilt from the corpus
    assert _alive(sentinel) and _counts(sentinel) == before


def test_a_corpus_option_with_neo4j_is_refused_rather_than_ignored(neo4j_uri, tmp_path):
    result = CliRunner().invoke(main, ["adoption", "技术调查官", "--uri", neo4j_uri, "--corpus", str(tmp_path)])
    assert result.exit_code == 2 and "--corpus is for the embedded store" in result.output


def test_the_python_api_on_neo4j_reads_and_never_writes(sentinel, neo4j_uri):
    before = _counts(sentinel)
    with policykg.open(uri=neo4j_uri) as kg:
        assert kg.backend == "neo4j"
        assert [j.id for j in kg.adoption("技术调查官").jurisdictions] == ["beijing", "hanyang", "luolong"]
        assert kg.lineage("luolong").ancestors
        assert {d.id for d in kg.documents()} == {"beijing", "hanyang", "luohe", "luolong", "luoyang"}
        assert kg.search("区块链")
        assert kg.compare(["beijing", "luohe"]).shared
        g = kg.to_networkx()
    assert "Sentinel:sentinel" in g
    assert _alive(sentinel) and _counts(sentinel) == before
