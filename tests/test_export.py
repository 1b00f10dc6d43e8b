"""Exports: GraphML and GEXF read back with networkx, JSON, and the Neo4j CSV imported by a real neo4j-admin."""
import json
import os
import subprocess

import networkx as nx
import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.build import build_graph


@pytest.fixture(scope="module")
def data(corpus):
    return build_graph(corpus)


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_every_node_and_edge(tmp_path, data, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    g = reader(out)
    assert g.number_of_nodes() == len(data.nodes)
    assert g.number_of_edges() == len(data.rels)
    node = g.nodes["Measure:technical_investigators"]
    assert node["label_zh"] == "技术调查官"
    assert node.get("node_label", node.get("label")) == "Measure"
    assert json.loads(g.nodes["Provision:hanyang.p14"]["themes"])     # lists become JSON text


def test_json_export(tmp_path, data):
    out = tmp_path / "g.json"
    CliRunner().invoke(main, ["export", "--format", "json", "--out", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["nodes"]) == len(data.nodes) and len(doc["relationships"]) == len(data.rels)
    adopts = [r for r in doc["relationships"] if r["type"] == "ADOPTS"]
    assert adopts and adopts[0]["properties"]["matched"] and adopts[0]["start"]["label"] == "Provision"


def test_neo4j_csv_imports_with_neo4j_admin(tmp_path, data):
    from policykg.graph import neo4j_server
    if neo4j_server.missing_tools():
        if os.environ.get("POLICYKG_REQUIRE_NEO4J") == "1":
            pytest.fail("java and mvn are needed for neo4j-admin")
        pytest.skip("java and mvn are needed for neo4j-admin")
    out = tmp_path / "csv"
    CliRunner().invoke(main, ["export", "--format", "neo4j-csv", "--out", str(out)])
    header = (out / "nodes_Provision.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id:ID(Provision),") and "themes:string[]" in header and "span:long[]" in header
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("")
    args = [f"--nodes={p.relative_to(tmp_path)}" for p in sorted(out.glob("nodes_*.csv"))]
    args += [f"--relationships={p.relative_to(tmp_path)}" for p in sorted(out.glob("rels_*.csv"))]
    command = (out / "IMPORT.txt").read_text(encoding="utf-8")
    assert "--multiline-fields=true" in command and "--array-delimiter=';'" in command
    result = subprocess.run(["java", "-cp", neo4j_server.classpath(), "org.neo4j.cli.AdminTool", "database", "import",
                             "full", "neo4j", "--overwrite-destination", "--array-delimiter=;",
                             "--multiline-fields=true", *args], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}, timeout=300)
    assert "IMPORT DONE" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    assert f"{len(data.nodes)} nodes" in result.stdout and f"{len(data.rels)} relationships" in result.stdout


def test_unknown_format_is_refused():
    result = CliRunner().invoke(main, ["export", "--format", "pdf", "--out", "x"])
    assert result.exit_code == 2 and "pdf" in result.output
