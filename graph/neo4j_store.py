"""The production store: the graph in Neo4j, behind the same interface as the networkx store.

* schema as code (``queries/admin/schema.cypher``): a uniqueness constraint on ``id`` per
  label, lookup indexes, a full-text index over provision text with the ``cjk`` analyzer;
* loading (``queries/admin/load.cypher``) in ``UNWIND $rows`` batches with ``MERGE``, all in
  **one transaction** that first clears the previous graph: until it commits, readers see
  the previous graph, and if anything fails (bad data, Neo4j stopping) it rolls back and
  the previous graph stays;
* reads through ``execute_query(..., routing_=READ)`` with a timeout; the named queries
  are the same Cypher the catalogue checks.

Labels and relationship types are identifiers, which Cypher cannot take as parameters:
they are filled into the load statements only from the allow-list in :mod:`graph.data`.
Values always go in as parameters.
"""
from __future__ import annotations

import logging
from contextlib import nullcontext

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from policykg.graph.catalog import load_catalog, load_statements
from policykg.graph.credentials import split_credentials
from policykg.graph.data import LABELS, SCHEMA, GraphData
from policykg.graph.errors import QueryError, StoreUnavailable

log = logging.getLogger(__name__)
BATCH = 1000
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

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, timeout: float = 15.0):
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
        self._down = False          # set when Neo4j stops answering; cleared by the next answer

    # the store interface -----------------------------------------------------
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
        if self._down and not self.ping():
            # known to be down: answer at once instead of retrying for seconds on every request
            raise self._unavailable(ServiceUnavailable("still unreachable"))
        try:
            records, _, _ = self.driver.execute_query(
                Query(q.cypher, timeout=self.timeout), parameters_=params,
                routing_=RoutingControl.READ, database_=self.database)
        except UNAVAILABLE as exc:
            self._down = True
            raise self._unavailable(exc) from None
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} refused the credentials: {exc.message}") from None
        except Neo4jError as exc:
            raise QueryError(f"query {name!r} failed on Neo4j: {exc.message}") from None
        self._down = False
        return [record.data() for record in records]

    def replace(self, data: GraphData, swap=nullcontext) -> None:
        """Load a whole graph in one transaction that replaces the previous one; commit inside ``swap()``."""
        self.ensure_schema()
        try:
            with self.driver.session(database=self.database) as session:
                with session.begin_transaction() as tx:
                    tx.run(statement("clear")).consume()
                    for label, rows in _nodes_by_label(data).items():
                        cypher = statement("merge_nodes", label=label)
                        for batch in _batches(rows):
                            tx.run(cypher, rows=batch).consume()
                    for kind, rows in _rels_by_kind(data).items():
                        cypher = statement("merge_relationships", rel=kind)
                        for batch in _batches(rows):
                            tx.run(cypher, rows=batch).consume()
                    with swap():
                        tx.commit()
        except UNAVAILABLE as exc:
            self._down = True
            raise self._unavailable(exc) from None
        except Neo4jError as exc:
            raise QueryError(f"loading into Neo4j failed and was rolled back: {exc.message}") from None

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


def _nodes_by_label(data: GraphData) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for (label, _), props in data.nodes.items():
        out.setdefault(label, []).append({k: v for k, v in props.items() if v is not None})
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
