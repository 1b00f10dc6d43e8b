"""The embedded store: the graph in a networkx MultiDiGraph, no server needed.

Nodes are keyed ``(label, id)``; each edge is keyed by its relationship type.
Named queries run as their networkx twins (:mod:`graph.nx_queries`), which
take the same parameters and return the same rows as the Cypher.

>>> from policykg.loaders.pipeline import load_corpus
>>> from policykg.graph.build import build_graph
>>> store = NetworkxStore()
>>> store.replace(build_graph(load_corpus()))
>>> [r["id"] for r in store.query("documents")]
['beijing', 'hanyang', 'luohe', 'luolong', 'luoyang']
"""
from __future__ import annotations

import threading
from contextlib import nullcontext
from collections import defaultdict

import networkx as nx

from policykg.graph.catalog import load_catalog
from policykg.graph.data import GraphData
from policykg.graph.errors import QueryError
from policykg.graph.memory import paused_gc
from policykg.graph.nx_queries import TWINS, check_twins


class GraphView:
    """A read-only graph with the lookups the twins need."""

    def __init__(self, data: GraphData):
        g = nx.MultiDiGraph()
        by_label: dict[str, list] = defaultdict(list)
        for key, props in data.nodes.items():
            g.add_node(key, **props)
            by_label[key[0]].append(key)
        for (rel_type, src, dst), props in data.rels.items():
            g.add_edge(src, dst, key=rel_type, **props)
        self.G = g
        self.by_label = dict(by_label)
        # lookups the twins use, built once per graph (Neo4j has indexes for the same)
        self.provisions_by_document: dict[str, list[dict]] = defaultdict(list)
        self.provisions_by_jurisdiction: dict[str, list[dict]] = defaultdict(list)
        self.sections_by_document: dict[str, list[dict]] = defaultdict(list)
        for p in self.nodes("Provision"):
            self.provisions_by_document[p["document"]].append(p)
            self.provisions_by_jurisdiction[p["jurisdiction"]].append(p)
        for sec in self.nodes("Section"):
            self.sections_by_document[sec["document"]].append(sec)

    def node(self, label: str, ident: str) -> dict | None:
        key = (label, ident)
        return self.G.nodes[key] if key in self.G else None

    def nodes(self, label: str):
        for key in self.by_label.get(label, ()):
            yield self.G.nodes[key]

    def out(self, label: str, ident: str, rel_type: str):
        """``(target key, target props, edge props)`` for edges of a type leaving a node."""
        key = (label, ident)
        if key not in self.G:
            return
        for _, dst, k, props in self.G.out_edges(key, keys=True, data=True):
            if k == rel_type:
                yield dst, self.G.nodes[dst], props

    def into(self, label: str, ident: str, rel_type: str):
        key = (label, ident)
        if key not in self.G:
            return
        for src, _, k, props in self.G.in_edges(key, keys=True, data=True):
            if k == rel_type:
                yield src, self.G.nodes[src], props


class NetworkxStore:
    backend = "networkx"

    def __init__(self):
        check_twins(load_catalog())
        self._view = GraphView(GraphData())
        self._lock = threading.Lock()

    def replace(self, data: GraphData, swap=nullcontext) -> None:
        with paused_gc():
            view = GraphView(data)      # built aside; readers keep the old one meanwhile
        with swap(), self._lock:
            self._view = view

    def query(self, name: str, **params) -> list[dict]:
        catalog = load_catalog()
        if name not in catalog:
            raise QueryError(f"Unknown query {name!r}")
        expected = set(catalog[name].params)
        if set(params) != expected:
            raise QueryError(f"Query {name!r} takes parameters {sorted(expected)}, got {sorted(params)}")
        return TWINS[name](self._view, **params)

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        pass

    @property
    def view(self) -> GraphView:
        return self._view
