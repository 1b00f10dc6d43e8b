"""A built wheel works as well as the checkout: one top-level name, data and Cypher inside it,
and the product runs from it — loading, answering, serving — with the source tree out of reach."""
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from policykg.graph.neo4j_server import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("policykg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel installed into a folder of its own (the dependencies come from this environment)."""
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                             str(wheel)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return target


def _run(installed: Path, *args, cwd: Path, **kw):
    env = {**os.environ, "PYTHONPATH": str(installed), "POLICYKG_WORKERS": "1"}
    env.pop("POLICYKG_CORPUS", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, **kw)


def test_the_wheel_installs_one_top_level_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"policykg", wheel.name.split("-py3")[0] + ".dist-info"}
    top_level = next(n for n in names if n.endswith("top_level.txt"))
    assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["policykg"]


def test_the_wheel_holds_the_data_the_cypher_the_pages_and_the_launcher(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("data", "*.toml"), ("data/corpus", "*"), ("queries", "*.cypher"),
                            ("queries/admin", "*.cypher"), ("app/pages", "*")):
        for path in (ROOT / folder).glob(pattern):
            if path.is_file() and path.suffix != ".py":
                inside = "policykg/" + str(path.relative_to(ROOT)).removeprefix("app/")
                assert inside in names, f"{path.relative_to(ROOT)} is not in the wheel"
    for asset in ("graph/neo4j/pom.xml", "graph/neo4j/Launcher.java", "graph/neo4j/browser/guide.html",
                  "graph/neo4j/browser/policykg.grass"):
        assert "policykg/" + asset in names
    assert not any(n.startswith("policykg/tests") for n in names)


def test_the_installed_package_loads_and_answers_away_from_the_source_tree(installed, tmp_path):
    code = ("import policykg, policykg.loaders.datafiles as d; kg = policykg.open(); "
            "print(policykg.__file__); print(d.DATA_DIR); "
            "print([j.id for j in kg.adoption('技术调查官').jurisdictions])")
    result = _run(installed, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    module_file, data_dir, answer = result.stdout.strip().splitlines()
    assert module_file.startswith(str(installed)) and data_dir.startswith(str(installed))
    assert answer == "['beijing', 'hanyang', 'luolong']"


def test_the_installed_command_loads_and_answers(installed, tmp_path):
    load = _run(installed, "-m", "policykg", "load", cwd=tmp_path)
    assert load.returncode == 0, load.stderr[-3000:]
    assert "hanyang" in load.stdout and "Graph:" in load.stdout
    adoption = _run(installed, "-m", "policykg", "adoption", "punitive damages", cwd=tmp_path)
    assert adoption.returncode == 0 and "punitive_damages" in adoption.stdout


def test_an_installed_benchmark_needing_the_source_tree_says_so(installed, tmp_path):
    result = _run(installed, "-m", "policykg", "bench", "tagging", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "tests/data/tagging_sample.toml; pass --sample FILE" in result.stderr


def test_the_installed_server_serves_the_api_the_pages_and_the_guide(installed, tmp_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(installed), "POLICYKG_WORKERS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "policykg", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                health = json.load(urllib.request.urlopen(base + "/api/health", timeout=5))
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "the installed server did not start"
                time.sleep(0.5)
        assert health["store_answers"] and health["counts"]["Document"] > 5
        q = urllib.parse.quote("技术调查官")
        answer = json.load(urllib.request.urlopen(f"{base}/api/adoption?q={q}", timeout=30))
        assert [j["id"] for j in answer["jurisdictions"]] == ["beijing", "hanyang", "luolong"]
        for page in ("/", "/matrix.html", "/common.js", "/neo4j/guide.html"):
            assert urllib.request.urlopen(base + page, timeout=10).status == 200
    finally:
        proc.terminate()
        proc.wait(20)
