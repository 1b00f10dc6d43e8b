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


def multidigraph(data: GraphData) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph, nodes keyed ``(label, id)``, each edge keyed by its
    type, its attributes the graph data's own dicts (read-only here, never copied).

    Written straight into the graph's adjacency dicts (``_node``, ``_succ``, ``_pred``, the
    structure networkx documents for subclasses) rather than through ``add_edge``, which checks
    and copies per call: a 3,000-document graph's 585,000 edges in a third of the time. The
    same graph as ``add_node``/``add_edge`` would make (tests/test_graph.py).

    >>> g = GraphData()
    >>> g.add_node("Document", {"id": "a"}); g.add_node("Jurisdiction", {"id": "j"})
    >>> g.add_rel("ISSUED_IN", ("Document", "a"), ("Jurisdiction", "j"), {})
    >>> list(multidigraph(g).edges(keys=True))
    [(('Document', 'a'), ('Jurisdiction', 'j'), 'ISSUED_IN')]
    """
    g = nx.MultiDiGraph()
    node, succ, pred = g._node, g._succ, g._pred
    for key, props in data.nodes.items():
        node[key] = props
        succ[key] = {}
        pred[key] = {}
    for (rel_type, src, dst), props in data.rels.items():
        for end in (src, dst):              # an edge to a node never added makes it, as add_edge does
            if end not in node:
                node[end] = {}
                succ[end] = {}
                pred[end] = {}
        keys = succ[src].get(dst)
        if keys is None:
            keys = succ[src][dst] = {}
            pred[dst][src] = keys
        keys[rel_type] = props
    return g


class GraphView:
    """A read-only graph with the lookups the twins need."""

    def __init__(self, data: GraphData):
        g = multidigraph(data)
        by_label: dict[str, list] = defaultdict(list)
        for key in data.nodes:
            by_label[key[0]].append(key)
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
    in_memory = True

    def __init__(self):
        check_twins(load_catalog())
        self._view = GraphView(GraphData())
        self._lock = threading.Lock()
        self._generation = 0
        self.switching_to: int | None = None

    def replace(self, data: GraphData, swap=nullcontext) -> None:
        with paused_gc():
            view = GraphView(data)      # built aside; readers keep the old one meanwhile
        self.switching_to = self._generation + 1     # what generation() answers once swapped
        with swap(), self._lock:
            self._view = view
            self._generation += 1

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

    def patient(self):
        """Reads without a timeout (there is none here): the Neo4j store's counterpart."""
        return nullcontext()

    def generation(self) -> int:
        """How many graphs this store has held: the one readers see now."""
        return self._generation

    def close(self) -> None:
        pass

    @property
    def view(self) -> GraphView:
        return self._view
