"""Every named query answers the same on the networkx store and on a real Neo4j: the same rows
in the same order, with the same keys and the same types (1 is not 1.0, None is not missing),
for every id the corpus has — every document (cited ones too), provision, jurisdiction and measure."""
import pytest

from policykg.graph.catalog import load_catalog
from policykg.loaders.themes import themes

#: which kind of id each query's `id` parameter takes
ID_KIND = {"jurisdiction": "Jurisdiction", "measure": "Measure", "measure_timeline": "Measure", "provision": "Provision",
           "similar_provisions": "Provision", "provision_derived_from": "Provision",
           "provision_derived_into": "Provision"}
THEMES = [None] + [t["id"] for t in themes()]
UNKNOWN = "nowhere"


def typed(value):
    """A value with every type spelled out, so that equality also compares types."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, typed(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(typed(v) for v in value))
    return (type(value).__name__, value)


@pytest.fixture(scope="module")
def ids(nx_service):
    out: dict[str, list[str]] = {}
    for row in nx_service.store.query("graph_nodes"):
        out.setdefault(row["label"], []).append(row["id"])
    return out


def cases(ids) -> list[tuple[str, dict]]:
    out = []
    measures = ids["Measure"]
    juris = ids["Jurisdiction"]
    for name, q in sorted(load_catalog().items()):
        params = set(q.params)
        if not params:
            out.append((name, {}))
        elif params == {"id"}:
            kind = ID_KIND.get(name, "Document")
            out += [(name, {"id": i}) for i in ids[kind] + [UNKNOWN]]
        elif params == {"jurisdiction"}:
            out += [(name, {"jurisdiction": j}) for j in juris + [UNKNOWN]]
        elif params == {"measures"}:
            out += [(name, {"measures": [m]}) for m in measures + [UNKNOWN]]
            out += [(name, {"measures": measures}), (name, {"measures": []})]
        elif params == {"jurisdictions", "theme"}:
            pairs = [juris[i:i + 2] for i in range(0, len(juris) - 1)] + [juris]
            out += [(name, {"jurisdictions": js, "theme": t}) for js in pairs for t in THEMES]
        elif params == {"measure", "theme"}:
            out += [(name, {"measure": m, "theme": None}) for m in [None] + measures]
            out += [(name, {"measure": None, "theme": t}) for t in THEMES[1:]]
            out += [(name, {"measure": "case_streamlining", "theme": "fast"})]
        elif params == {"measure", "theme", "jurisdiction", "agency_type", "role", "due_before"}:
            none = dict.fromkeys(params)
            out += [(name, none), (name, {**none, "measure": UNKNOWN}), (name, {**none, "due_before": "2024-12-31"}),
                    (name, {**none, "role": "lead"}), (name, {**none, "role": "support"}),
                    (name, {**none, "agency_type": "court"}), (name, {**none, "theme": "fast"}),
                    (name, {**none, "measure": "technical_investigators", "due_before": "2099-01-01"})]
            out += [(name, {**none, "jurisdiction": j}) for j in juris + [UNKNOWN]]
            out += [(name, {**none, "measure": m}) for m in measures[::7]]
        else:
            raise AssertionError(f"query {name!r} takes {sorted(params)}: add its cases to the parity suite")
    return out


def test_every_named_query_is_covered(ids):
    assert {name for name, _ in cases(ids)} == set(load_catalog())


def test_the_cases_reach_every_id_of_the_corpus(ids):
    assert len(ids["Provision"]) > 150 and any(i.startswith("cited:") for i in ids["Document"])


def test_named_queries_give_equal_typed_answers_on_both_stores(nx_service, neo4j_service, ids):
    failures = []
    for name, params in cases(ids):
        expected = nx_service.store.query(name, **params)
        got = neo4j_service.store.query(name, **params)
        if len(got) != len(expected):
            failures.append(f"{name}({params}): {len(got)} rows on Neo4j, {len(expected)} on networkx")
            continue
        for n, (a, b) in enumerate(zip(got, expected)):
            if typed(a) != typed(b):
                keys = sorted(set(a) ^ set(b))
                diff = keys or [k for k in a if typed(a[k]) != typed(b.get(k))]
                failures.append(f"{name}({params}) row {n}: differs in {diff[:5]}: "
                                f"neo4j {[a.get(k) for k in diff[:2]]!r:.200} networkx {[b.get(k) for k in diff[:2]]!r:.200}")
                break
    assert not failures, f"{len(failures)} differences, first: " + "\n".join(failures[:15])


def test_every_named_query_answers_something_for_some_case(nx_service, ids):
    """A query whose every case is empty would pass the parity test without comparing a row (an id
    of the wrong kind, say): each must answer at least one of its cases with rows."""
    answered = {}
    for name, params in cases(ids):
        answered[name] = answered.get(name, False) or bool(nx_service.store.query(name, **params))
    assert [name for name, ok in answered.items() if not ok] == []


def test_both_stores_implement_the_store_interface(service):
    """Each store is a GraphStore and says whether its graph is in this process's memory (the API
    reads an in-memory store on its event loop and never trusts a stale generation for it)."""
    from policykg.graph.store import GraphStore
    assert isinstance(service.store, GraphStore)
    assert service.store.in_memory is (service.store.backend == "networkx")
