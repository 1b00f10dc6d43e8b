"""The API contract of the foundation: fields outside checks read, and errors with messages."""


def test_health_says_which_store_answers(client):
    body = client.get("/api/health").json()
    assert body["store"] in ("networkx", "neo4j") and body["store_answers"] is True and body["status"] == "ok"
    assert body["counts"]["Provision"] > 100


def test_jurisdictions(client):
    rows = client.get("/api/jurisdictions").json()
    assert [r["id"] for r in rows][0] == "china"
    hanyang = next(r for r in rows if r["id"] == "hanyang")
    assert {k: hanyang[k] for k in ("id", "name_zh", "name_en", "level", "parent", "name_status")} == {
        "id": "hanyang", "name_zh": "汉阳区", "name_en": "Hanyang District", "level": "district",
        "parent": "wuhan", "name_status": "inferred"}


def test_documents_list(client):
    rows = {r["id"]: r for r in client.get("/api/documents").json()}
    assert set(rows) == {"beijing", "luoyang", "luohe", "hanyang", "luolong"}
    assert rows["luohe"]["doc_number"] == "漯办〔2020〕19号" and rows["luohe"]["date"] == "2020-12-24"
    assert rows["hanyang"]["provision_count"] == 71
    for r in rows.values():
        assert set(r) >= {"id", "jurisdiction", "title", "doc_number", "date", "provision_count"}


def test_document_detail_carries_provisions_with_evidence_and_citations(client):
    body = client.get("/api/documents/hanyang").json()
    p = next(p for p in body["provisions"] if p["number"] == "69.")
    assert set(p) >= {"id", "number", "heading", "text", "themes", "agencies", "deadline", "span"}
    assert p["agencies"][0] == {"name": "区市场监管局", "type": "market_regulation", "role": "lead"}
    assert p["deadline"]["kind"] == "ongoing"
    assert p["span"][0] < p["span"][1]
    cits = body["citations"]
    assert all(set(c) >= {"title", "doc_number", "relation", "evidence"} for c in cits)
    assert {c["doc_number"] for c in cits if c["relation"] == "implements"} >= {"武知战办〔2023〕4号", "武办发〔2020〕16号"}
    assert any(n["step"] == "spam" and n["text"] is None for n in body["noise"])


def test_a_cited_document_can_be_looked_up(client):
    body = client.get("/api/documents/cited:豫办〔2020〕21号").json()
    assert body["in_corpus"] is False and body["doc_number"] == "豫办〔2020〕21号" and body["provisions"] == []


def test_agencies_by_jurisdiction(client):
    rows = client.get("/api/agencies", params={"jurisdiction": "luolong"}).json()
    market = next(r for r in rows if r["name"] == "区市场监管局")
    assert market["type"] == "market_regulation"
    assert len(market["provisions"]) == 23
    assert all(r["jurisdiction"] == "luolong" for r in rows)


def test_provision_by_id(client):
    body = client.get("/api/provisions/beijing.p5").json()
    assert body["heading"] == "完善证据规则" and "区块链" in body["text"]


def test_unknown_ids_are_404_with_a_message(client):
    for url in ["/api/documents/nowhere", "/api/provisions/nowhere.p1", "/api/jurisdictions/atlantis",
                "/api/agencies?jurisdiction=atlantis"]:
        r = client.get(url)
        assert r.status_code == 404, url
        assert "nowhere" in r.json()["message"] or "atlantis" in r.json()["message"]


def test_invalid_parameters_are_422_with_a_message(client):
    r = client.get("/api/agencies", params={"jurisdiction": "x" * 500})
    assert r.status_code == 422 and "jurisdiction" in r.json()["message"]


def test_openapi_is_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/documents/{document_id}" in spec["paths"]
    assert client.get("/docs").status_code == 200
