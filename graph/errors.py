"""One exception root for policykg, translated once at each edge (HTTP, CLI).

>>> raise NotFound("document", "nowhere")
Traceback (most recent call last):
...
policykg.graph.errors.NotFound: Unknown document: 'nowhere'
"""
from __future__ import annotations


class PolicyKGError(Exception):
    """Root of every error policykg raises on purpose."""


class LoadError(PolicyKGError):
    """A corpus, manifest or data file could not be loaded. Names the file and the problem."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self):   # survives pickling across processes (parallel loading)
        return (self.__class__, (self.path, self.problem))


class DataFileError(LoadError):
    """A bundled data file (codebook, rules) failed its schema check."""


class QueryError(PolicyKGError):
    """A named query is unknown, malformed, or was called with the wrong parameters."""


class NotFound(PolicyKGError):
    """An id that names nothing in the graph."""

    def __init__(self, kind: str, ident: str, hint: str = ""):
        self.kind = kind
        self.ident = ident
        self.hint = hint
        super().__init__(f"Unknown {kind}: {ident!r}" + (f"; {hint}" if hint else ""))

    def __reduce__(self):
        return (self.__class__, (self.kind, self.ident, self.hint))


class InvalidRequest(PolicyKGError):
    """A well-formed request that cannot be answered as asked (e.g. comparing one jurisdiction)."""


class StoreUnavailable(PolicyKGError):
    """The graph store does not answer (e.g. Neo4j is down)."""


class Busy(PolicyKGError):
    """The operation cannot start now because another one is running (e.g. a reload)."""
