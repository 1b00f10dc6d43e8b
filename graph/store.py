"""The store interface: one small protocol, a networkx and a Neo4j implementation.

A store holds one graph at a time. ``replace`` swaps in a whole new graph: the new
graph is prepared aside (a networkx view; an open Neo4j transaction), then made
visible inside ``swap()`` — a context manager the caller passes to hold its readers
back for that moment (see :mod:`app.gate`); if anything fails the previous graph stays. ``query`` runs a named query from the catalogue
(``queries/*.cypher``) with parameters, and returns rows as dicts. ``generation`` names the
graph readers see now: it changes with every ``replace``, whoever made it (on Neo4j, another
process's load too), so what a server computed from one graph is never served for another.
"""
from __future__ import annotations

from contextlib import nullcontext
from typing import Callable, ContextManager, Protocol, runtime_checkable

from policykg.graph.data import GraphData


@runtime_checkable
class GraphStore(Protocol):
    backend: str
    #: whether the graph lives in this process's memory (reading it waits for nothing)
    in_memory: bool

    def replace(self, data: GraphData, swap: Callable[[], ContextManager] = nullcontext) -> None: ...

    def query(self, name: str, **params) -> list[dict]: ...

    def ping(self) -> bool: ...

    def generation(self) -> object: ...

    def close(self) -> None: ...
