"""The matrix an analyst reads, on both stores: hierarchy order, totals, levels and names, CSV."""
import csv
import io


def test_matrix_columns_follow_the_hierarchy_with_totals(client):
    m = client.get("/api/matrix").json()
    assert m["jurisdictions"] == ["beijing", "luohe", "luoyang", "luolong", "hanyang"]
    assert m["levels"] == {"beijing": "province", "luohe": "city", "luoyang": "city", "luolong": "district",
                           "hanyang": "district"}
    assert m["names"]["luolong"] == "洛龙区"
    for j in m["jurisdictions"]:
        assert m["totals"][j] == sum(1 for r in m["measures"] if r["counts"][j])
    for r in m["measures"]:
        assert r["adopters"] == sum(1 for n in r["counts"].values() if n)
    ti = next(r for r in m["measures"] if r["id"] == "technical_investigators")
    assert ti["adopters"] == 3


def test_matrix_csv_holds_every_cell_and_the_totals(client):
    m = client.get("/api/matrix").json()
    r = client.get("/api/matrix.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["measure", "label_zh", "label_en", "themes", "adopters"]
    assert rows[0][5:] == [f"{j} {m['names'][j]}" for j in m["jurisdictions"]]
    body = {row[0]: row for row in rows[1:]}
    assert len(body) == len(m["measures"]) + 1
    for measure in m["measures"]:
        assert [int(x) for x in body[measure["id"]][5:]] == [measure["counts"][j] for j in m["jurisdictions"]]
    assert [int(x) for x in body["total"][5:]] == [m["totals"][j] for j in m["jurisdictions"]]
