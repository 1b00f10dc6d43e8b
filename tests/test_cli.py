"""The CLI: load prints counts per document; inspect shows structure, citations and removed noise."""
from click.testing import CliRunner

from policykg.cli import main


def test_load_prints_counts_per_document():
    result = CliRunner().invoke(main, ["load"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.split()}
    assert lines["hanyang"][1:3] == ["hanyang", "70"]
    assert lines["beijing"][2] == "26"
    assert "Graph: " in result.output


def test_inspect_a_document_shows_metadata_structure_citations_and_noise():
    out = CliRunner().invoke(main, ["inspect", "luohe"]).output
    assert "漯办〔2020〕19号" in out and "2020-12-24" in out
    assert "豫办〔2020〕21号" in out
    assert "scanner watermark" in out and "character repeated across a page break" in out
    assert "市市场监管局" in out


def test_inspect_hanyang_says_the_name_is_inferred():
    out = CliRunner().invoke(main, ["inspect", "hanyang"]).output
    assert "汉阳区 (name inferred)" in out and "injected spam" in out


def test_inspect_a_jurisdiction():
    out = CliRunner().invoke(main, ["inspect", "luolong"]).output
    assert "Document luolong" in out
    out = CliRunner().invoke(main, ["inspect", "wuhan"]).output
    assert "Jurisdiction wuhan" in out and "hanyang" in out


def test_inspect_unknown_id_is_an_error():
    result = CliRunner().invoke(main, ["inspect", "atlantis"])
    assert result.exit_code == 1 and "atlantis" in result.output
