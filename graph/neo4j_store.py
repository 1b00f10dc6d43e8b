"""The production store: the graph in Neo4j, behind the same interface as the networkx store.

* schema as code (``queries/admin/schema.cypher``): a uniqueness constraint on ``(gen, id)`` per
  label, lookup indexes, a full-text index over provision text with the ``cjk`` analyzer;
* loading by **generations** (``queries/admin/load.cypher``): every node carries ``gen``, and a
  ``(:PolicyKGGeneration {id: 'current'})`` node says which generation readers see. A reload
  writes the new generation beside the current one in transactions of ``BATCH`` rows
  (``CREATE``, no lookups: the memory of each transaction is bounded whatever the corpus
  size), moves the pointer in one small transaction, waits for the readers that started
  before the switch, then drops the old generation in bounded transactions. Readers see the
  old graph or the new one, never a mix; if the load fails the new generation is dropped and
  the previous graph stays as it was;
* reads in one read transaction that takes the current generation and runs the named query
  with it as ``$gen`` (every read query restricts its patterns to it; the catalogue checks),
  with a timeout. ``gen`` is the store's bookkeeping: it is never in an answer.

Labels and relationship types are identifiers, which Cypher cannot take as parameters:
they are filled into the load statements only from the allow-list in :mod:`graph.data`.
Values always go in as parameters.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from policykg.graph.catalog import load_catalog, load_statements
from policykg.graph.credentials import split_credentials
from policykg.graph.data import LABELS, SCHEMA, GraphData
from policykg.graph.errors import QueryError, StoreUnavailable
from policykg.graph.turns import Turns
from policykg.loaders.search_terms import SCHEME as TERMS_SCHEME

log = logging.getLogger(__name__)
BATCH = 2000                 # rows per write transaction
#: reads this process runs at once while it loads a generation (POLICYKG_NEO4J_READS_WHILE_LOADING;
#: 0: no limit): eight readers at once would take most of a small server from the load
READS_WHILE_LOADING = 2
#: the longest a read waits for its turn while a load runs; then it reads anyway
READ_TURN_WAIT = 5.0


def reads_while_loading() -> int:
    """The read slots a load leaves (POLICYKG_NEO4J_READS_WHILE_LOADING, else READS_WHILE_LOADING)."""
    value = os.environ.get("POLICYKG_NEO4J_READS_WHILE_LOADING", str(READS_WHILE_LOADING)).strip()
    if not value.isdigit():
        raise QueryError(f"POLICYKG_NEO4J_READS_WHILE_LOADING must be a whole number of reads (0: no limit), "
                         f"not {value[:40]!r}")
    return int(value)


GEN = "gen"
#: the store's bookkeeping on nodes, never in an answer: the generation, and a provision's
#: full-text terms (graph.data.GraphData.search_terms)
BOOKKEEPING = frozenset({GEN, "search_terms"})
NO_GENERATION = -1           # what readers use before any load: they see an empty graph
UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


def _identifier(value: str, allowed) -> str:
    if value not in allowed:
        raise QueryError(f"{value!r} is not an allowed identifier")
    return value


def statement(name: str, label: str | None = None, rel: tuple[str, str, str] | None = None,
              file: str = "load") -> str:
    """An admin statement from queries/admin/<file>.cypher with its identifiers filled in, each
    only from the schema allow-list: ``label`` for nodes, ``rel = (type, source label, target label)``."""
    cypher = load_statements(file)[name].cypher
    if label is not None:
        cypher = cypher.replace("{label}", _identifier(label, LABELS))
    if rel is not None:
        rel_type, src, dst = rel
        cypher = (cypher.replace("{type}", _identifier(rel_type, SCHEMA))
                  .replace("{src}", _identifier(src, LABELS)).replace("{dst}", _identifier(dst, LABELS)))
    return cypher


class Neo4jStore:
    backend = "neo4j"
    in_memory = False

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, timeout: float = 15.0):
        # a bad setting is refused before any driver (and its connections) exists
        self.reads_while_loading = reads_while_loading()
        uri, uri_user, uri_password = split_credentials(uri)
        user, password = user or uri_user, password or uri_password
        self.uri = uri              # never holds credentials: it is shown in messages
        self.database = database
        self.timeout = timeout
        auth = (user or "neo4j", password) if password else None
        try:
            self.driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=5.0,
                                               connection_acquisition_timeout=10.0, max_transaction_retry_time=5.0,
                                               notifications_min_severity="OFF")
        except (ValueError, DriverError) as exc:
            raise StoreUnavailable(f"cannot use Neo4j URI {uri!r}: {exc}") from None
        self._schema_ready = False
        self._down = False
        self.switching_to: tuple | None = None
        self._local = threading.local()          # per-thread read timeout (patient())
        # while this process loads a generation, its reads take turns in a few slots, so that the
        # load keeps most of the server; reads still answer (from the current generation), later
        self._loads = 0                          # loads under way in this process
        self._loads_lock = threading.Lock()
        self._read_turns = Turns(self.reads_while_loading) if self.reads_while_loading else None

    # the store interface -----------------------------------------------------
    @property
    def known_down(self) -> bool:
        """Whether the last read found Neo4j not answering (cleared by the next answer)."""
        return self._down

    def ping(self) -> bool:
        try:
            self.driver.verify_connectivity()
            return True
        except (DriverError, Neo4jError, *UNAVAILABLE):
            return False

    def close(self) -> None:
        self.driver.close()

    def query(self, name: str, **params) -> list[dict]:
        catalog = load_catalog()
        if name not in catalog:
            raise QueryError(f"Unknown query {name!r}")
        q = catalog[name]
        if set(params) != set(q.params):
            raise QueryError(f"Query {name!r} takes parameters {sorted(q.params)}, got {sorted(params)}")
        cypher = q.cypher

        def read(tx):
            return [_without_gen(record.data()) for record in tx.run(cypher, {**params, GEN: _current(tx)})]
        return self._read(read, f"query {name!r}")

    @contextmanager
    def patient(self, timeout: float = 600.0):
        """This thread's reads with a longer timeout: for work done once per graph (the matrix,
        the search index), which a request's timeout would cut short on a large corpus."""
        before = getattr(self._local, "timeout", None)
        self._local.timeout = timeout
        try:
            yield
        finally:
            self._local.timeout = before

    def _read(self, work, what: str, timeout: float | None = None):
        """`work(tx)` in one read transaction with a timeout; a Neo4j that does not answer is
        StoreUnavailable (at once once known to be down), a failing statement a QueryError."""
        if self._down and not self.ping():
            # known to be down: answer at once instead of retrying for seconds on every request
            raise self._unavailable(ServiceUnavailable("still unreachable"))
        if self._loads and self._read_turns is not None:
            # a turn, in the order reads came, waited for at most READ_TURN_WAIT: a slow read in
            # a slot delays the others, never stops them
            turn = self._read_turns.take(timeout=READ_TURN_WAIT)
            try:
                return self._read_now(work, what, timeout)
            finally:
                if turn:
                    self._read_turns.give_back()
        return self._read_now(work, what, timeout)

    @property
    def loading(self) -> bool:
        """Whether this process is loading a generation now (its reads take turns meanwhile)."""
        return self._loads > 0

    def _read_now(self, work, what: str, timeout: float | None):
        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                out = session.execute_read(neo4j.unit_of_work(
                    timeout=timeout or getattr(self._local, "timeout", None) or self.timeout)(work))
        except UNAVAILABLE as exc:
            self._down = True
            raise self._unavailable(exc) from None
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} refused the credentials: {exc.message}") from None
        except Neo4jError as exc:
            raise QueryError(f"{what} failed on Neo4j: {exc.message}") from None
        self._down = False
        return out

    def search_terms(self) -> dict[str, str]:
        """Each provision's full-text terms as the load stored them (provision id → terms), read
        from the current generation: a server that did not load the graph builds its search index
        from them without counting anything. Empty when another version counted them in another
        scheme (:data:`policykg.loaders.search_terms.SCHEME`): the server counts them from the text."""
        def read(tx):
            return {r["id"]: r["terms"] for r in tx.run(statement("search_terms", file="search"),
                                                        {GEN: _current(tx), "scheme": TERMS_SCHEME})}
        return self._read(read, "reading the search terms", timeout=max(self.timeout, 120))

    def fulltext(self, terms: list[str], limit: int = 20) -> list[dict]:
        """Provisions ranked by Neo4j's own full-text index over the same terms (Lucene's BM25):
        ``[{id, score}]``, best first. Each term is quoted as a phrase, so nothing in a question is
        read as Lucene syntax."""
        if not terms:
            return []
        lucene = " OR ".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"' for t in terms)

        def read(tx):
            return [r.data() for r in tx.run(statement("fulltext", file="search"),
                                             {GEN: _current(tx), "lucene": lucene, "limit": limit,
                                              "scheme": TERMS_SCHEME})]
        return self._read(read, "full-text search")

    def replace(self, data: GraphData, swap=nullcontext) -> None:
        """Load a whole graph as a new generation and switch readers to it inside ``swap()``.

        All or nothing for readers: they see the previous generation until the switch commits,
        then the new one. A failure before the switch drops what was written of the new one."""
        self.ensure_schema()
        with self._loads_lock:
            self._loads += 1
        try:
            self._replace(data, swap)
        finally:
            with self._loads_lock:
                self._loads -= 1

    def _replace(self, data: GraphData, swap) -> None:
        try:
            current = self.current_generation()
            held = self.generations()
            for gen in held:
                if gen != current:              # left by a load that crashed: nobody reads it
                    self._drop(gen)
            new = max([current, *held]) + 1
            load = uuid.uuid4().hex
            try:
                self._write_generation(data, new)
                self.switching_to = (new, load)      # what generation() answers once the switch commits
                with swap():
                    self.driver.execute_query(statement("switch_generation"), gen=new, load=load, terms=TERMS_SCHEME,
                                              database_=self.database)
                switched = datetime.now(timezone.utc)
            except BaseException:
                self._drop_quietly(new)
                raise
            self._wait_for_readers(switched)
            if current != NO_GENERATION:
                self._drop(current)
            self._run_auto(statement("drop_legacy"))
        except UNAVAILABLE as exc:
            self._down = True
            raise self._unavailable(exc) from None
        except Neo4jError as exc:
            raise QueryError(f"loading into Neo4j failed and was rolled back (the previous graph is unchanged): {exc.message}") from None

    def generation(self) -> tuple:
        """The graph readers see now, ``(generation, load id)``: a read, so any process's load is
        seen; the load id tells apart two graphs of the same number (a database emptied and
        loaded again)."""
        def read(tx):
            record = tx.run(statement("current_graph")).single()
            return (record["gen"], record["load"]) if record is not None else (NO_GENERATION, None)
        return self._read(read, "reading the current generation")

    def current_generation(self) -> int:
        records, _, _ = self.driver.execute_query(statement("current_generation"), database_=self.database)
        return records[0]["gen"] if records and records[0]["gen"] is not None else NO_GENERATION

    def generations(self) -> list[int]:
        records, _, _ = self.driver.execute_query(statement("generations"), database_=self.database)
        return sorted(r["gen"] for r in records)

    def _write_generation(self, data: GraphData, gen: int) -> None:
        for label, rows in _nodes_by_label(data).items():
            cypher = statement("create_nodes", label=label)
            for batch in _batches(rows):
                self.driver.execute_query(cypher, rows=batch, gen=gen, database_=self.database)
        for kind, rows in _rels_by_kind(data).items():
            cypher = statement("create_relationships", rel=kind)
            for batch in _batches(rows):
                self.driver.execute_query(cypher, rows=batch, gen=gen, database_=self.database)

    def _wait_for_readers(self, switched: datetime) -> None:
        """Until no transaction that began before the switch is still running (it may be reading the
        old generation), for at most the read timeout: then the old generation can go."""
        deadline = time.monotonic() + self.timeout + 1
        before = switched.isoformat()
        while time.monotonic() < deadline:
            records, _, _ = self.driver.execute_query(statement("open_transactions"), before=before,
                                                      database_=self.database)
            if not records or records[0]["open"] == 0:
                return
            time.sleep(0.05)

    def _run_auto(self, cypher: str, **params) -> None:
        # CALL … IN TRANSACTIONS needs an auto-commit transaction (session.run)
        with self.driver.session(database=self.database) as session:
            session.run(cypher, params).consume()

    def _drop(self, gen: int) -> None:
        self._run_auto(statement("drop_generation"), gen=gen)

    def _drop_quietly(self, gen: int) -> None:
        try:
            self._drop(gen)
        except (DriverError, Neo4jError, *UNAVAILABLE):
            log.warning("could not drop the unfinished generation %s; the next load drops it", gen)

    # helpers ---------------------------------------------------------------------
    def ensure_schema(self) -> None:
        if self._schema_ready:
            return
        try:
            for name, stmt in load_statements("schema").items():
                labels = LABELS if "{label}" in stmt.cypher else [None]
                for label in labels:
                    self.driver.execute_query(statement(name, label=label, file="schema"), database_=self.database)
        except UNAVAILABLE as exc:
            raise self._unavailable(exc) from None
        self._schema_ready = True

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        return StoreUnavailable(f"Neo4j at {self.uri} does not answer ({type(exc).__name__}); "
                                f"start it with `policykg neo4j start` or check --uri")


def _current(tx) -> int:
    """The generation readers see, read in the transaction that then reads it."""
    current = tx.run(statement("current_generation")).single()
    return current["gen"] if current is not None else NO_GENERATION


def _without_gen(row: dict) -> dict:
    """A record without the store's bookkeeping (``gen``, ``search_terms``) in maps of node
    properties (``properties(n)``)."""
    return {k: ({p: x for p, x in v.items() if p not in BOOKKEEPING} if isinstance(v, dict) and GEN in v else v)
            for k, v in row.items()}


def _nodes_by_label(data: GraphData) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for (label, ident), props in data.nodes.items():
        row = {k: v for k, v in props.items() if v is not None}
        if label == "Provision" and ident in data.search_terms:
            row["search_terms"] = data.search_terms[ident]
        out.setdefault(label, []).append(row)
    return out


def _rels_by_kind(data: GraphData) -> dict[tuple[str, str, str], list[dict]]:
    out: dict[tuple[str, str, str], list[dict]] = {}
    for (rel_type, src, dst), props in data.rels.items():
        out.setdefault((rel_type, src[0], dst[0]), []).append(
            {"src": src[1], "dst": dst[1], "props": {k: v for k, v in props.items() if v is not None}})
    return out


def _batches(rows: list[dict], size: int = BATCH):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


__all__ = ["Neo4jStore", "neo4j"]
