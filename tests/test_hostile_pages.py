"""Pages are safe with hostile data: a corpus whose every id, name, title and text is an
injection string, shown on every page in a real Chromium, runs none of it.

The ids pass the id rule (no white space or slash), so they can only try to break out of an
attribute; names, titles and texts hold whole tags and scripts. Each page is checked for what
escaping must prevent — an element or an event-handler attribute that came from the data, a
script that ran, an alert — and for the content policy that would stop it anyway."""
import json
import os
import subprocess
from urllib.parse import quote, urlencode

import pytest

from helpers import CHROMIUM, TOOLS, serving, write_corpus
from policykg.graph.nx_store import NetworkxStore
from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings

J_CITY = 'j"onmouseover="window.__pwned=1"x="'
J_DISTRICT = "j'onfocus='window.__pwned=2'autofocus='"
DOC_CITY = 'd"onclick="window.__pwned=3"'
DOC_DISTRICT = "d<b>x"
TAG = '<img src=x onerror="window.__pwned=9;alert(9)">'


def _toml(**fields) -> str:
    return "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items())   # JSON strings are TOML strings


MANIFEST = ("[[jurisdictions]]\n" + _toml(id="china", name_zh=f"中国{TAG}", name_en="China<script>window.__pwned=10</script>",
                                          level="national")
            + "\n[[jurisdictions]]\n" + _toml(id=J_CITY, name_zh="某某市<svg onload=window.__pwned=11>",
                                              name_en='City"><img src=x onerror=window.__pwned=12>', level="city",
                                              parent="china")
            + "\n[[jurisdictions]]\n" + _toml(id=J_DISTRICT, name_zh="某某区<iframe src=javascript:window.__pwned=13>",
                                              name_en="District", level="district", parent=J_CITY,
                                              name_status="inferred", name_note="<script>window.__pwned=14</script>")
            + "\n[[documents]]\n" + _toml(file="city.txt", jurisdiction=J_CITY, id=DOC_CITY)
            + "\n[[documents]]\n" + _toml(file="district.txt", jurisdiction=J_DISTRICT, id=DOC_DISTRICT))
CITY = f"""关于强化知识产权保护的若干措施<script>window.__pwned=20</script>
一、严保护{TAG}
（一）建立技术调查官制度<img src=x onerror=window.__pwned=21>，落实惩罚性赔偿制度，推广区块链存证。（责任单位：市市场监管局<b onmouseover=window.__pwned=22>、市法院）
（二）完善知识产权纠纷多元化解机制"><script>window.__pwned=23</script>，加强知识产权保护中心建设。
"""
DISTRICT = """某某区贯彻落实《关于强化知识产权保护的若干措施<script>window.__pwned=20</script>》的实施方案
为贯彻落实《<img src=x onerror=window.__pwned=30>知识产权强国建设纲要》（国发〔2021〕20号），制定本方案。
一、严保护
（一）建立技术调查官制度<img src=x onerror=window.__pwned=21>，落实惩罚性赔偿制度，推广区块链存证。（责任单位：区市场监管局<b onmouseover=window.__pwned=31>）
（二）开展知识产权保护宣传"><svg onload=window.__pwned=32>，加强知识产权保护中心建设。
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("hostile") / "c", {"city.txt": CITY, "district.txt": DISTRICT},
                          MANIFEST)
    service = PolicyService(NetworkxStore())
    service.load(folder)
    with serving(create_app(Settings(), service)) as url:
        yield url, service


def test_the_hostile_corpus_loads_with_its_injection_strings_as_data(hostile_server):
    _, service = hostile_server
    assert {j["id"] for j in service.jurisdictions()} == {"china", J_CITY, J_DISTRICT}
    assert {d["id"] for d in service.documents()} == {DOC_CITY, DOC_DISTRICT}
    adopters = {j["id"] for j in service.adoption("技术调查官")["jurisdictions"]}
    assert adopters == {J_CITY, J_DISTRICT}


def test_no_page_runs_or_renders_what_the_corpus_holds(playwright_ready, hostile_server):
    base, service = hostile_server
    cited = next(c["target"] for c in service.document(DOC_DISTRICT)["citations"] if c["target"].startswith("cited:"))
    paths = ["/?" + urlencode({"q": "技术调查官"}), "/?" + urlencode({"q": TAG}), "/?" + urlencode({"q": "<script>"}),
             "/matrix.html", "/compare.html?" + urlencode([("j", J_CITY), ("j", J_DISTRICT)]),
             "/compare.html?" + urlencode([("j", J_CITY), ("j", TAG)]),
             "/lineage.html?" + urlencode({"doc": DOC_DISTRICT}), "/lineage.html?" + urlencode({"doc": DOC_CITY}),
             "/lineage.html?" + urlencode({"doc": cited}), "/lineage.html?" + urlencode({"doc": TAG}),
             "/measure.html?id=technical_investigators", "/measure.html?" + urlencode({"id": TAG}),
             "/measure.html?" + urlencode({"id": "<b>x"}),
             "/responsibilities.html", "/responsibilities.html?" + urlencode({"jurisdiction": J_CITY}),
             "/responsibilities.html?" + urlencode({"measure": TAG}),
             "/document.html?" + urlencode({"id": DOC_CITY}), "/document.html?" + urlencode({"id": DOC_DISTRICT}),
             "/document.html?" + urlencode({"id": cited}), "/document.html?" + urlencode({"id": TAG}),
             "/document.html?" + urlencode({"id": DOC_DISTRICT}) + "#" + quote(TAG)]
    result = subprocess.run(["node", str(TOOLS / "hostile.mjs"), base, *paths], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    for path, seen in found.items():
        assert seen["pwned"] is None, (path, seen["pwned"])
        assert seen["dialogs"] == [], (path, seen["dialogs"])
        assert seen["handlers"] == [], (path, seen["handlers"])
        assert seen["injected"] == [], (path, seen["injected"])
        assert seen["violations"] == [], (path, seen["violations"])   # nothing even tried to run
        assert seen["errors"] == [], (path, seen["errors"])
    # ...and the strings are there, shown as the text they are
    adoption = found["/?" + urlencode({"q": "技术调查官"})]["text"]
    assert "建立技术调查官制度<img src=x onerror=window.__pwned=21>" in adoption
    assert "某某市<svg onload=window.__pwned=11>" in found["/matrix.html"]["text"]
    assert "<img src=x onerror=window.__pwned=21>" in found["/measure.html?id=technical_investigators"]["text"]
    assert "Unknown measure: '<b>x'" in found["/measure.html?" + urlencode({"id": "<b>x"})]["text"]
    assert "is not an id" in found["/measure.html?" + urlencode({"id": TAG})]["text"]
    duties = found["/responsibilities.html"]["text"]
    assert "市市场监管局<b onmouseover=window.__pwned=22>" in duties and "某某市<svg onload=window.__pwned=11>《" in duties
    reader = found["/document.html?" + urlencode({"id": DOC_DISTRICT})]["text"]
    assert "《<img src=x onerror=window.__pwned=30>知识产权强国建设纲要》" in reader
    assert "开展知识产权保护宣传\"><svg onload=window.__pwned=32>" in reader


def test_every_answer_carries_the_security_headers(hostile_server):
    import httpx
    base, _ = hostile_server
    for path in ["/", "/matrix.html", "/common.js", "/style.css", "/api/health", "/api/documents", "/docs",
                 "/api/documents/" + quote(DOC_CITY, safe=""), "/no-such-page", "/openapi.json"]:
        r = httpx.get(base + path)
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["x-frame-options"] == "DENY", path
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp, path
        if path.endswith((".html", "/")) or path == "/matrix.html":
            assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
