"""Typed response models: the API contract. Field names here are read by outside checks."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(Model):
    error: str
    message: str


class Jurisdiction(Model):
    id: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None
    name_status: str
    name_note: str | None = None


class DocumentSummary(Model):
    id: str
    jurisdiction: str | None
    title: str | None
    doc_number: str | None
    date: str | None
    provision_count: int | None
    item_count: int | None = None
    issued: str | None = None
    published: str | None = None


class AgencyRef(Model):
    name: str
    type: str
    role: str


class Deadline(Model):
    text: str | None
    kind: str | None
    due: str | None = None
    recurrence: str | None = None
    month: int | None = None
    ongoing: bool | None = None


class Provision(Model):
    id: str
    document: str
    jurisdiction: str
    ordinal: int
    number: str | None
    heading: str | None
    text: str
    kind: str
    span: list[int]
    section: str | None
    themes: list[str]
    agencies: list[AgencyRef]
    deadline: Deadline | None


class Section(Model):
    id: str
    number: str | None
    heading: str
    level: int
    parent: str | None
    span: list[int]
    themes: list[str]


class Citation(Model):
    title: str | None
    doc_number: str | None
    relation: str
    evidence: str | None
    target: str
    in_corpus: bool | None
    cited_title: str | None = None
    cited_doc_number: str | None = None
    location: str | None = None
    span: list[int] | None = None
    provision: str | None = None


class Noise(Model):
    step: str
    reason: str
    span: list[int]
    text: str | None  # None for injected spam, which is kept out of every node


class DocumentDetail(Model):
    id: str
    title: str | None
    doc_number: str | None = None
    jurisdiction: str | None = None
    in_corpus: bool
    date: str | None = None
    issued: str | None = None
    published: str | None = None
    issuer: list[str] | None = None
    provisions: list[Provision]
    sections: list[Section]
    citations: list[Citation]
    noise: list[Noise]


class AgencyProvision(Model):
    id: str
    document: str
    number: str | None
    role: str


class Agency(Model):
    id: str
    name: str
    type: str
    type_label: str | None = None
    jurisdiction: str
    provisions: list[AgencyProvision]


class Health(Model):
    status: str
    store: str
    store_answers: bool
    corpus: str | None
    counts: dict[str, int] | None = None
