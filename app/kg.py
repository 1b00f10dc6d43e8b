"""The Python API: the questions of the HTTP API, answered in a notebook with the same models.

>>> import policykg
>>> with policykg.open() as kg:                    # the embedded store, built from the bundled corpus
...     answer = kg.adoption("技术调查官")
...     [j.id for j in answer.jurisdictions]
['beijing', 'hanyang', 'luolong']
>>> with policykg.open() as kg:
...     kg.compare(["beijing", "luohe"], theme="fast").jurisdictions
['beijing', 'luohe']

``policykg.open(uri="bolt://127.0.0.1:7687")`` answers from what a Neo4j holds (written there
by ``policykg load --uri …``); it never writes to it.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from policykg import schemas
from policykg.graph.errors import InvalidRequest
from policykg.service import PolicyService


class PolicyKG:
    """One store, read through the same service the API and the CLI use.

    Every method returns the pydantic model of the matching HTTP answer (``/api/adoption`` →
    :class:`policykg.schemas.Adoption` …), so what a notebook gets is what the API documents."""

    def __init__(self, service: PolicyService):
        self.service = service

    @property
    def backend(self) -> str:
        return self.service.store.backend

    # questions -------------------------------------------------------------------
    def adoption(self, q: str, offset: int = 0, limit: int | None = None, per_jurisdiction: int | None = None,
                 text: bool = True) -> schemas.Adoption:
        """Which jurisdictions adopt what the phrase names (Chinese or English); every one unless
        paged with `limit` (jurisdictions from `offset`) and `per_jurisdiction` (provisions each)."""
        return schemas.Adoption.model_validate(self.service.adoption(q, offset, limit, per_jurisdiction, text))

    def compare(self, jurisdictions: list[str], theme: str | None = None, per_jurisdiction: int | None = None,
                text: bool = True) -> schemas.Comparison:
        """Two or more jurisdictions side by side: shared measures, what only one has."""
        return schemas.Comparison.model_validate(self.service.compare(list(jurisdictions), theme, per_jurisdiction,
                                                                      text))

    def lineage(self, document: str) -> schemas.Lineage:
        """What a document implements and whose wording it reused, up to the national level."""
        return schemas.Lineage.model_validate(self.service.lineage(document))

    def search(self, q: str, limit: int = 20) -> list[schemas.SearchHit]:
        """Provisions ranked by full-text relevance."""
        return [schemas.SearchHit.model_validate(r) for r in self.service.search(q, limit)]

    def documents(self, status: str | None = None) -> list[schemas.DocumentSummary]:
        """The documents of the corpus; ``status="set_aside"`` for those the load could not use."""
        return [schemas.DocumentSummary.model_validate(r) for r in self.service.documents(status)]

    def document(self, document: str) -> schemas.DocumentDetail:
        """One document with its provisions, sections, citations and the noise cleaning removed."""
        return schemas.DocumentDetail.model_validate(self.service.document(document))

    def measures(self) -> list[schemas.MeasureSummary]:
        return [schemas.MeasureSummary.model_validate(r) for r in self.service.measures()]

    def jurisdictions(self) -> list[schemas.Jurisdiction]:
        return [schemas.Jurisdiction.model_validate(r) for r in self.service.jurisdictions()]

    # the graph itself ----------------------------------------------------------------
    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph as a networkx MultiDiGraph: nodes ``"Label:id"`` with a ``label`` and
        an ``id`` attribute and their properties (lists stay lists); edges keyed by type.

        >>> import policykg
        >>> with policykg.open() as kg:
        ...     g = kg.to_networkx()
        >>> g.nodes["Document:luohe"]["doc_number"]
        '漯办〔2020〕19号'
        """
        from policykg.graph.export import to_networkx
        return to_networkx(self.service.snapshot(), flat=False)

    def close(self) -> None:
        self.service.store.close()

    def __enter__(self) -> "PolicyKG":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<PolicyKG on the {self.backend} store>"


def open(corpus: str | Path | None = None, *, uri: str | None = None, user: str | None = None,
         password: str | None = None, database: str | None = None, strict: bool = False) -> PolicyKG:
    """Open policykg on a store.

    * ``open()`` or ``open(corpus=DIR)``: the embedded store, built from the bundled corpus or a
      corpus folder (a ``manifest.toml`` and its files); documents that cannot be used are set
      aside (``kg.documents(status="set_aside")`` lists them, with the reason) unless ``strict``;
    * ``open(uri="bolt://HOST:7687", user=…, password=…)``: the graph a Neo4j holds, read only.
    """
    if uri is not None and corpus is not None:
        raise InvalidRequest("open() takes a corpus (embedded store) or a Neo4j uri, not both")
    if uri is not None:
        from policykg.graph.neo4j_store import Neo4jStore
        return PolicyKG(PolicyService(Neo4jStore(uri, user, password, database)))
    from policykg.graph.nx_store import NetworkxStore
    service = PolicyService(NetworkxStore())
    service.load(corpus, strict=strict)
    return PolicyKG(service)
