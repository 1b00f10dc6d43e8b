"""The store interface: one small protocol, a networkx and a Neo4j implementation.

A store holds one graph at a time. ``replace`` swaps in a whole new graph
atomically: until it returns, readers see the previous graph, and if it fails the
previous graph stays. ``query`` runs a named query from the catalogue
(``queries/*.cypher``) with parameters, and returns rows as dicts.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from graph.data import GraphData


@runtime_checkable
class GraphStore(Protocol):
    backend: str

    def replace(self, data: GraphData) -> None: ...

    def query(self, name: str, **params) -> list[dict]: ...

    def ping(self) -> bool: ...

    def close(self) -> None: ...
