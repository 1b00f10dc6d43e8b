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


def test_serve_runs_a_serving_service_that_makes_the_first_questions_ready(monkeypatch):
    """`policykg serve` freezes its graph out of the collector's walks and computes, in the
    background after the load, what first questions would wait for (the matrix, the measure list,
    the search index) — a server made by the CLI, not only one made by create_app."""
    import gc
    import time
    import uvicorn
    seen = {}

    def serve_a_while(app, **kw):                 # uvicorn serving until the warm-up is done
        service = app.state.service
        seen["serving"], seen["frozen"] = service.serving, gc.get_freeze_count()
        deadline = time.monotonic() + 60
        while not {"rendered:matrix", "rendered:measures"} <= set(service._per_graph):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        seen["ready"] = sorted(k for k in service._per_graph if k.startswith("rendered:"))
        seen["index"] = service._index_state[1] is not None
    monkeypatch.setattr(uvicorn, "run", serve_a_while)
    result = CliRunner().invoke(main, ["serve", "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert seen["serving"] and seen["frozen"] > 0
    assert seen["ready"] == ["rendered:matrix", "rendered:measures"] and seen["index"]
    gc.unfreeze()


def test_a_closed_service_leaves_no_warm_up_reading_its_store():
    """Closing waits for the warm-up under way and stops it: nothing reads a closed store."""
    import threading
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    service = PolicyService(NetworkxStore())
    service.load()
    closed = threading.Event()
    asked_after_close = []
    real_ping = service.store.ping

    def ping():
        asked_after_close.append(closed.is_set())
        return real_ping()
    service.store.ping = ping
    service.warm_up_in_background()
    service.close()
    closed.set()
    service._warming[0].join(60)             # had close() not waited, the warm-up would go on here
    assert True not in asked_after_close


def test_a_benchmark_whose_package_is_missing_says_so_in_one_line(monkeypatch):
    """A plain install has no httpx (only the test and bench extras do): `policykg bench api` then
    says what to install instead of showing a traceback."""
    import importlib
    from click.testing import CliRunner
    from policykg.cli import main
    real = importlib.import_module

    def without_httpx(name, *args, **kwargs):
        if name == "policykg.benchmarks.api_latency":
            raise ModuleNotFoundError("No module named 'httpx'", name="httpx")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", without_httpx)
    out = CliRunner().invoke(main, ["bench", "api", "--documents", "10"])
    assert out.exit_code == 1
    assert out.output.strip() == ("Error: this benchmark needs the Python package 'httpx', which a plain install "
                                  "leaves out: pip install 'policykg[bench]'")
