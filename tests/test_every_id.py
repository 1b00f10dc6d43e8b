"""Every id the corpus has answers 200 on every route that takes it, on both stores: the root
jurisdiction (whose parent is null), cited-only documents (whose citations have no span), every
provision and measure — the kind of id a user's tool walks to from a list."""
from urllib.parse import quote

import pytest

ROUTES = {
    "Jurisdiction": ["/api/jurisdictions/{}", "/api/jurisdictions/{}/measures", "/api/jurisdictions/{}/lineage",
                     "/api/agencies?jurisdiction={}"],
    "Document": ["/api/documents/{}", "/api/lineage/{}"],
    "Provision": ["/api/provisions/{}", "/api/provisions/{}/similar", "/api/provisions/{}/lineage"],
    "Measure": ["/api/measures/{}", "/api/agencies/responsible?measure={}"],
}


@pytest.fixture(scope="module")
def every_id(nx_service):
    out: dict[str, list[str]] = {}
    for row in nx_service.store.query("graph_nodes"):
        out.setdefault(row["label"], []).append(row["id"])
    return out


@pytest.mark.parametrize("label", ROUTES)
def test_every_id_answers_on_every_route(client, every_id, label):
    failures = []
    for ident in every_id[label]:
        for route in ROUTES[label]:
            url = route.format(quote(ident, safe=""))
            r = client.get(url)
            if r.status_code != 200:
                failures.append(f"{url} → {r.status_code} {r.text[:120]}")
    assert not failures, f"{len(failures)} failures: " + "; ".join(failures[:10])


def test_the_root_jurisdiction_has_a_null_parent(client):
    r = client.get("/api/jurisdictions/china")
    assert r.status_code == 200 and r.json()["parent"] is None and r.json()["level"] == "national"


def test_a_cited_only_document_answers_with_its_chain(client):
    r = client.get("/api/documents/" + quote("cited:武知战办〔2023〕4号", safe=""))
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["in_corpus"] is False and doc["provisions"] == []
    assert [c["target"] for c in doc["citations"]] == ["cited:武办发〔2020〕16号"]
    assert doc["citations"][0]["span"] is None


def test_every_optional_field_of_every_response_model_has_a_default():
    """A null in Neo4j is a missing property: a field that may be null must not be required."""
    import typing

    from policykg import schemas
    missing = []
    for name, model in vars(schemas).items():
        if isinstance(model, type) and issubclass(model, schemas.Model):
            for field_name, field in model.model_fields.items():
                args = typing.get_args(field.annotation)
                optional = type(None) in args or field.annotation is type(None)
                if optional and field.is_required():
                    missing.append(f"{name}.{field_name}")
    assert not missing, missing
