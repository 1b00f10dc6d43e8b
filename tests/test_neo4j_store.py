"""The Neo4j store on a real server: idempotent reloads, failed loads roll back, the CLI loads into it."""
import os

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.build import build_graph
from policykg.graph.data import GraphData
from policykg.graph.errors import QueryError
from policykg.graph.neo4j_store import Neo4jStore


@pytest.fixture
def store(neo4j_uri, neo4j_service):
    s = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
    yield s
    s.close()


def counts(store):
    return {r["name"]: r["count"] for r in store.query("graph_counts")}


def test_a_reload_is_idempotent(store, corpus):
    data = build_graph(corpus)
    store.replace(data)
    first = counts(store)
    store.replace(data)
    assert counts(store) == first == data.counts()


def test_a_failed_load_rolls_back_and_leaves_the_previous_graph(store, corpus):
    store.replace(build_graph(corpus))
    before = counts(store)
    broken = build_graph(corpus)
    # a property Neo4j cannot store (a map) makes the load fail half-way through
    label_id = next(k for k in broken.nodes if k[0] == "Provision")
    broken.nodes[label_id]["text"] = {"not": "storable"}
    with pytest.raises(QueryError, match="rolled back"):
        store.replace(broken)
    assert counts(store) == before
    assert store.query("provision", id="beijing.p10")[0]["heading"] == "发挥专业技术保障作用"


def test_schema_has_constraints_and_a_cjk_fulltext_index(store):
    records, _, _ = store.driver.execute_query("SHOW INDEXES YIELD name, type, options")
    by_name = {r["name"]: r for r in records}
    assert by_name["provision_text"]["type"] == "FULLTEXT"
    assert by_name["provision_text"]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    records, _, _ = store.driver.execute_query("SHOW CONSTRAINTS YIELD name")
    assert {"Provision_gen_id", "Document_gen_id", "Measure_gen_id"} <= {r["name"] for r in records}


def test_the_cli_loads_into_neo4j(neo4j_uri, store):
    result = CliRunner().invoke(main, ["load", "--backend", "neo4j", "--uri", neo4j_uri])
    assert result.exit_code == 0, result.output
    assert "neo4j store" in result.output
    assert counts(store)["Provision"] == 169


def test_an_empty_graph_is_a_valid_load(store, corpus):
    store.replace(GraphData())
    assert store.query("documents") == []
    store.replace(build_graph(corpus))          # leave the shared server as the other tests expect it
    assert len(store.query("documents")) == 5


def test_serve_on_neo4j_serves_what_is_there_without_reloading(neo4j_uri, store, monkeypatch, corpus):
    import uvicorn
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    from policykg.service import PolicyService
    monkeypatch.setattr(PolicyService, "load", lambda *a, **k: (_ for _ in ()).throw(AssertionError("reloaded")))
    result = CliRunner().invoke(main, ["serve", "--uri", neo4j_uri, "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["port"] == 8999 and "Serving the graph that is in neo4j" in result.output


def _generations_held(store):
    records, _, _ = store.driver.execute_query("MATCH (n) WHERE n.gen IS NOT NULL RETURN n.gen AS gen, count(*) AS n")
    return {r["gen"]: r["n"] for r in records}


def test_a_reload_writes_in_bounded_transactions_that_readers_do_not_see(store, corpus, monkeypatch):
    """The new graph is committed batch by batch beside the old one (no transaction holds the corpus),
    yet until the switch every reader sees the previous graph, whole."""
    import policykg.graph.neo4j_store as neo4j_store
    from contextlib import contextmanager
    questions = [("documents", {}), ("graph_counts", {}), ("coverage_matrix", {}),
                 ("adopters", {"measures": ["technical_investigators"]}), ("provision", {"id": "beijing.p10"})]
    old = build_graph(corpus)
    store.replace(old)
    before = {name: store.query(name, **params) for name, params in questions}
    new = build_graph(corpus)
    changed = next(k for k in new.nodes if k[0] == "Provision")
    new.nodes[changed]["heading"] = "a heading the new generation has"
    monkeypatch.setattr(neo4j_store, "BATCH", 50)     # many small transactions
    seen = {}

    @contextmanager
    def swap():
        # the new generation is complete and committed; the pointer has not moved yet
        seen["held"] = _generations_held(store)
        seen["answers"] = {name: store.query(name, **params) for name, params in questions}
        yield

    store.replace(new, swap)
    assert len(seen["held"]) == 2 and sorted(seen["held"].values())[0] == sorted(seen["held"].values())[1]
    assert seen["answers"] == before
    assert len(_generations_held(store)) == 1               # the old generation is gone
    assert store.query("provision", id=changed[1])[0]["heading"] == "a heading the new generation has"
    store.replace(old)


def test_a_failed_reload_leaves_no_half_generation_behind(store, corpus):
    store.replace(build_graph(corpus))
    held = _generations_held(store)
    broken = build_graph(corpus)
    broken.rels[next(iter(broken.rels))] = {"bad": {"not": "storable"}}   # fails after the nodes are written
    with pytest.raises(QueryError, match="rolled back"):
        store.replace(broken)
    assert _generations_held(store) == held
    assert counts(store) == build_graph(corpus).counts()


def test_a_database_loaded_before_generations_is_taken_over(store, corpus):
    """Nodes without `gen` (written by an earlier policykg) and its single-property constraint do not
    block a reload, and are gone after it."""
    store.driver.execute_query("CREATE (:Document {id: 'legacy.doc', title: 'old'})")
    store.replace(build_graph(corpus))
    records, _, _ = store.driver.execute_query("MATCH (n) WHERE n.gen IS NULL AND NOT n:PolicyKGGeneration "
                                               "RETURN count(n) AS n")
    assert records[0]["n"] == 0
    assert "legacy.doc" not in {d["id"] for d in store.query("documents")}


def test_reads_take_turns_in_a_few_slots_while_this_process_writes(neo4j_uri, neo4j_service, corpus, monkeypatch):
    """While a reload writes, this process runs at most POLICYKG_NEO4J_READS_WHILE_LOADING reads at
    once (the rest wait their turn, and every one answers); before and after, reads run freely."""
    import threading
    import time
    monkeypatch.setenv("POLICYKG_NEO4J_READS_WHILE_LOADING", "2")
    store = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
    data = build_graph(corpus)
    store.replace(data)
    running, most, writing_most, lock = [0], [0], [0], threading.Lock()
    read_now, write = store._read_now, store._write_generation
    writing_since = [None]

    def slow_write(*args):
        writing_since[0] = time.monotonic()
        time.sleep(1.0)                  # a write long enough to watch the readers during it
        return write(*args)
    store._write_generation = slow_write

    def counted(work, what, timeout):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            # reads begun before the write (20 ms each) are over after 0.3 s of it
            if writing_since[0] is not None and time.monotonic() - writing_since[0] > 0.3 \
                    and store.loading:
                writing_most[0] = max(writing_most[0], running[0])
        try:
            time.sleep(0.02)               # long enough for eight readers to overlap
            return read_now(work, what, timeout)
        finally:
            with lock:
                running[0] -= 1
    store._read_now = counted
    stop, answered, failed = threading.Event(), [], []

    def reader():
        while not stop.is_set():
            try:
                answered.append(len(store.query("documents")))
            except Exception as exc:     # noqa: BLE001 - a failure is what the test counts
                failed.append(exc)
    readers = [threading.Thread(target=reader) for _ in range(8)]
    try:
        for r in readers:
            r.start()
        time.sleep(0.5)
        free = most[0]
        store.replace(data)
    finally:
        stop.set()
        for r in readers:
            r.join()
        store.close()
    assert free > 2                      # before the reload, the eight readers overlapped freely
    assert 1 <= writing_most[0] <= 2     # while it wrote, at most two at once, and some did read
    assert not failed and len(set(answered)) == 1        # the same graph throughout, never half of one
    assert not store.loading


def test_a_read_waits_for_its_turn_a_bounded_time(store, corpus, monkeypatch):
    """A read that finds every slot taken (a long read in each) still answers once its wait is
    over, instead of waiting behind them for as long as they take."""
    import time
    from policykg.graph import neo4j_store
    monkeypatch.setattr(neo4j_store, "READ_TURN_WAIT", 0.3)
    store.replace(build_graph(corpus))
    store._loads = 1                         # as while a load runs
    try:
        for _ in range(store.reads_while_loading):
            assert store._read_turns.take(timeout=1)        # every slot held, as by long reads
        began = time.monotonic()
        assert counts(store) == build_graph(corpus).counts()
        assert 0.3 <= time.monotonic() - began < 10
    finally:
        store._loads = 0
        for _ in range(store.reads_while_loading):
            store._read_turns.give_back()


def test_a_bad_read_slot_setting_is_refused_in_one_line(neo4j_uri, monkeypatch):
    monkeypatch.setenv("POLICYKG_NEO4J_READS_WHILE_LOADING", "two")
    import gc
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(QueryError, match="POLICYKG_NEO4J_READS_WHILE_LOADING must be a whole number.*'two'"):
            Neo4jStore(neo4j_uri)
        gc.collect()
    # refused before a driver was made: none is left for the collector to close
    assert not [w for w in caught if "destructor" in str(w.message)]
