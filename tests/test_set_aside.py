"""A document that cannot be used is set aside with its reason, on both stores; the rest loads."""
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from policykg.cli import main
from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings
from helpers import MANIFEST_HEAD, write_corpus

GOOD = """
    关于加强知识产权保护的方案
    一、严保护
    （一）严厉打击侵权假冒。落实惩罚性赔偿制度。
"""
FILES = {"good.txt": GOOD, "empty.txt": b"", "flat.txt": "这是一段没有任何编号的文字。\n它只是一些句子。\n"}
MANIFEST = MANIFEST_HEAD + "".join(f'\n[[documents]]\nfile = "{n}"\njurisdiction = "prov"\n' for n in FILES) \
    + '\n[[documents]]\nfile = "absent.txt"\njurisdiction = "prov"\ntitle = "某某市知识产权保护方案"\n'


@pytest.fixture(params=["networkx", "neo4j"])
def loaded(request, tmp_path):
    folder = write_corpus(tmp_path / "c", FILES, MANIFEST)
    if request.param == "networkx":
        from policykg.graph.nx_store import NetworkxStore
        svc = PolicyService(NetworkxStore())
        report = svc.load(folder)
        yield svc, report
        return
    svc = request.getfixturevalue("neo4j_service")
    try:
        yield svc, svc.load(folder)
    finally:
        svc.load()                     # the session's Neo4j holds the bundled corpus again


def test_the_load_reports_each_set_aside_document_with_its_file_and_reason(loaded):
    svc, report = loaded
    assert [d["id"] for d in report.documents] == ["good"]
    reasons = {a["file"]: a["reason"] for a in report.set_aside}
    assert set(reasons) == {"c/empty.txt", "c/flat.txt", "c/absent.txt"}
    assert "empty" in reasons["c/empty.txt"] and "file not found" in reasons["c/absent.txt"]
    assert "no structure found" in reasons["c/flat.txt"]


def test_set_aside_documents_are_listed_and_every_route_answers_for_them(loaded):
    svc, _ = loaded
    with TestClient(create_app(Settings(), svc)) as c:
        aside = c.get("/api/documents", params={"status": "set_aside"}).json()
        assert [(d["id"], d["status"]) for d in aside] == [("absent", "set_aside"), ("empty", "set_aside"),
                                                           ("flat", "set_aside")]
        assert aside[0]["title"] == "某某市知识产权保护方案"     # the manifest's title, when it gives one
        assert [d["id"] for d in c.get("/api/documents", params={"status": "loaded"}).json()] == ["good"]
        for d in aside:
            detail = c.get(f"/api/documents/{d['id']}").json()
            assert detail["status"] == "set_aside" and detail["provisions"] == []
            assert detail["set_aside_reason"] == d["set_aside_reason"]
            assert c.get(f"/api/lineage/{d['id']}").status_code == 200
        assert c.get("/api/jurisdictions/prov/lineage").status_code == 200
        assert c.get("/api/documents", params={"status": "gone"}).status_code == 422


def test_the_cli_loads_the_rest_and_lists_what_it_set_aside(tmp_path):
    folder = write_corpus(tmp_path / "c", FILES, MANIFEST)
    result = CliRunner().invoke(main, ["load", "--corpus", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Set aside (3 of 4 documents could not be used; the rest loaded):" in result.output
    assert "  - c/empty.txt: the file is empty (0 bytes)" in result.output
    strict = CliRunner().invoke(main, ["load", "--corpus", str(folder), "--strict"])
    assert strict.exit_code == 1 and strict.output.strip().splitlines()[-1].startswith("error: c/")


def test_a_plan_cut_after_its_opening_loads_as_framing_with_the_headings_it_found(tmp_path):
    from policykg.loaders.pipeline import load_corpus
    cut = """
        某市知识产权保护工作方案
        为进一步加强知识产权保护，制定本方案。
        一、指导思想
        以新时代中国特色社会主义思想为指导，全面贯彻落实决策部署。
        二、工作目标
        到2025年，知识产权保护体系更加完善。
    """
    corpus = load_corpus(write_corpus(tmp_path / "c", {"cut.txt": cut, "good.txt": GOOD}))
    doc = corpus.document("cut")
    assert corpus.set_aside == [] and {p.kind for p in doc.provisions} == {"framing"}
    assert any("headings (一、指导思想 二、工作目标) but no items" in w for w in doc.warnings)
    [flat] = load_corpus(write_corpus(tmp_path / "d", {"flat.txt": FILES["flat.txt"], "good.txt": GOOD})).set_aside
    assert "found 2 paragraphs of text, none numbered" in flat.reason
