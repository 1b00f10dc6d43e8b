"""The graph as plain data: what a store is loaded with.

A node is keyed by ``(label, id)``: ids are unique per label, as Neo4j's
uniqueness constraints are (document ``beijing`` and jurisdiction ``beijing``
are two nodes). Property values are only what Neo4j can hold: str, int, float,
bool, None and lists of those; nested values are JSON strings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("Jurisdiction", "Document", "Section", "Provision", "Theme", "Agency", "AgencyType", "Measure")
#: relationship type → allowed (source label, target label) pairs
SCHEMA: dict[str, set[tuple[str, str]]] = {
    "PART_OF": {("Jurisdiction", "Jurisdiction")},
    "ISSUED_IN": {("Document", "Jurisdiction")},
    "HAS_SECTION": {("Document", "Section"), ("Section", "Section")},
    "HAS_PROVISION": {("Document", "Provision"), ("Section", "Provision")},
    "HAS_THEME": {("Provision", "Theme"), ("Section", "Theme"), ("Measure", "Theme")},
    "ADOPTS": {("Provision", "Measure")},
    "RESPONSIBLE_FOR": {("Agency", "Provision")},
    "OF_TYPE": {("Agency", "AgencyType")},
    "BELONGS_TO": {("Agency", "Jurisdiction")},
    "IMPLEMENTS": {("Document", "Document")},
    "MENTIONS": {("Document", "Document")},
    "DERIVED_FROM": {("Provision", "Provision"), ("Document", "Document")},
}
REL_TYPES = tuple(SCHEMA)

Key = tuple[str, str]   # (label, id)


@dataclass
class GraphData:
    nodes: dict[Key, dict] = field(default_factory=dict)
    rels: dict[tuple[str, Key, Key], dict] = field(default_factory=dict)
    #: provision id → its full-text terms, space-separated (what the search index counts): kept by
    #: Neo4j beside each provision for its full-text index and for servers that did not load it;
    #: store bookkeeping, never part of an answer
    search_terms: dict[str, str] = field(default_factory=dict)

    def add_node(self, label: str, props: dict) -> None:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}")
        self.nodes[(label, props["id"])] = props

    def add_rel(self, rel_type: str, src: Key, dst: Key, props: dict | None = None) -> None:
        if (src[0], dst[0]) not in SCHEMA.get(rel_type, ()):
            raise ValueError(f"{rel_type} from {src[0]} to {dst[0]} is not in the schema")
        self.rels.setdefault((rel_type, src, dst), props or {})

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for label, _ in self.nodes:
            out[label] = out.get(label, 0) + 1
        for t, _, _ in self.rels:
            out[t] = out.get(t, 0) + 1
        return dict(sorted(out.items()))
