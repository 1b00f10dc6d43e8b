"""Typed response models: the API contract. Field names here are read by outside checks."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policykg.loaders.themes import themes

#: the theme ids of data/themes.toml, as an enum in the OpenAPI description
ThemeId = Literal[tuple(t["id"] for t in themes())]


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
    parent: str | None = None
    name_status: str
    name_note: str | None = None


class DocumentSummary(Model):
    id: str
    jurisdiction: str | None = None
    title: str | None = None
    doc_number: str | None = None
    date: str | None = None
    provision_count: int | None = None
    item_count: int | None = None
    issued: str | None = None
    published: str | None = None
    status: Literal["loaded", "set_aside"] | None = Field(
        None, description="loaded, or set_aside: listed by the manifest but unusable (see set_aside_reason)")
    set_aside_reason: str | None = Field(None, description="why the load set the document aside")
    file: str | None = Field(None, description="the source file's name within the corpus folder")


class AgencyRef(Model):
    name: str
    type: str
    role: str


class Deadline(Model):
    text: str | None = None
    kind: str | None = None
    due: str | None = None
    recurrence: str | None = None
    month: int | None = None
    ongoing: bool | None = None


class Provision(Model):
    id: str
    document: str
    jurisdiction: str
    ordinal: int
    number: str | None = None
    heading: str | None = None
    text: str
    kind: str
    span: list[int]
    section: str | None = None
    themes: list[str]
    agencies: list[AgencyRef]
    deadline: Deadline | None = None
    quantities: list[dict] | None = Field(None, description="what it commits to in numbers: {value, unit, kind, object, text, span}")
    frequencies: list[dict] | None = Field(None, description="how often: {period, times, action, text, span}")
    measures: list[dict] | None = Field(None, description="in a document's answer: the measures it adopts, each with its evidence")
    citation: str | None = Field(None, description="in a document's answer: how analysts cite it, 北京市《…》（九）")


class Section(Model):
    id: str
    number: str | None = None
    heading: str
    level: int
    parent: str | None = None
    span: list[int]
    themes: list[str]


class Citation(Model):
    title: str | None = None
    doc_number: str | None = None
    relation: str
    evidence: str | None = None
    target: str
    in_corpus: bool | None = None
    cited_title: str | None = None
    cited_doc_number: str | None = None
    location: str | None = None
    span: list[int] | None = None
    provision: str | None = None


class Noise(Model):
    step: str
    reason: str
    span: list[int]
    text: str | None = None  # None for injected spam, which is kept out of every node


class Line(Model):
    kind: str            # title | metadata | addressee | front | signature | date
    text: str
    span: list[int]


class DocumentDetail(Model):
    id: str
    title: str | None = None
    doc_number: str | None = None
    jurisdiction: str | None = None
    in_corpus: bool
    status: Literal["loaded", "set_aside", "cited"] | None = Field(
        None, description="loaded; set_aside (listed but unusable, see set_aside_reason); or cited (only cited)")
    set_aside_reason: str | None = None
    date: str | None = None
    issued: str | None = None
    published: str | None = None
    issuer: list[str] | None = None
    provisions: list[Provision]
    sections: list[Section]
    citations: list[Citation]
    noise: list[Noise]
    front: list[Line] = []
    closing: list[Line] = []


class AgencyProvision(Model):
    id: str
    document: str
    number: str | None = None
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
    corpus: str | None = None
    counts: dict[str, int] | None = None


class MeasureSummary(Model):
    id: str
    label_zh: str
    label_en: str
    themes: list[str]
    adopter_count: int
    provision_count: int | None = None
    definition: str | None = None


class Evidence(Model):
    matched: str
    span: list[int]


class MeasureHit(Model):
    measure: str
    matched: str
    span: list[int]


class AdoptingProvision(Model):
    id: str
    document: str
    number: str | None = None
    text: str | None = Field(None, description="the provision's text (left out when asked with text=false)")
    evidence: Evidence | None = None
    measure: str | None = Field(None, description="the measure the evidence is for (the first, when several)")
    measures: list[MeasureHit] | None = Field(
        None, description="every measure of the answer this provision adopts, each with its evidence")
    span: list[int] | None = None
    score: float | None = None


class Adopter(Model):
    jurisdiction: str
    id: str
    name_zh: str
    name_status: str | None = None
    provisions: list[AdoptingProvision]
    provision_total: int | None = Field(None, description="how many provisions adopt it there, on every page")
    truncated: bool | None = Field(None, description="true when per_jurisdiction left some of them out")


class MeasureDetail(Model):
    id: str
    label_zh: str
    label_en: str
    definition: str
    themes: list[str]
    adopters: list[Adopter]


class ScoredMeasure(Model):
    id: str
    label_zh: str
    label_en: str
    score: float


class ThemeRef(Model):
    id: str
    label_zh: str
    label_en: str


class Suggestion(Model):
    id: str
    label_zh: str
    label_en: str
    why: str = Field(description="adopted by the provisions that match best, or named most like the question")


class Adoption(Model):
    query: str
    route: str = Field(description="measure, theme (the phrase names a theme: every measure of it) or fulltext")
    measures: list[ScoredMeasure]
    jurisdictions: list[Adopter]
    theme: ThemeRef | None = Field(None, description="the theme the phrase names, when route is theme")
    suggestions: list[Suggestion] | None = Field(
        None, description="when no measure fits (route fulltext): the measures nearest the question")
    total: int | None = Field(None, description="how many jurisdictions answer, on every page")
    offset: int | None = None
    limit: int | None = None
    truncated: bool | None = Field(None, description="true when this page leaves out jurisdictions or provisions")


class SearchHit(Model):
    id: str
    document: str
    jurisdiction: str
    number: str | None = None
    text: str
    score: float
    kind: str | None = None


class ComparedMeasure(Model):
    id: str
    label_zh: str
    label_en: str
    themes: list[str]
    provisions: dict[str, list[dict]]
    provision_totals: dict[str, int] | None = Field(None, description="per jurisdiction, how many provisions in all")
    truncated: bool | None = Field(None, description="true when per_jurisdiction left provisions out")
    facets: dict[str, dict] | None = Field(
        None, description="per jurisdiction, what its provisions state: lead_agency_type, deadline, quantity, "
                          "frequency, strength (null: states nothing)")
    differences: list[dict] | None = Field(
        None, description="aspects two or more adopters state differently: [{aspect, values: {jurisdiction: value}}]")


class Comparison(Model):
    jurisdictions: list[str]
    theme: str | None = None
    shared: list[ComparedMeasure]
    only: dict[str, list[ComparedMeasure]]
    partial: list[ComparedMeasure]
    truncated: bool | None = Field(None, description="true when any measure's provisions were cut to per_jurisdiction")
    asked: dict[str, str] | None = Field(None, description="each jurisdiction as asked (id or name) → its id")
    no_documents: list[dict] | None = Field(
        None, description="jurisdictions asked for that have no document loaded: left out, since what they adopt is unknown")


class MatrixRow(Model):
    id: str
    label_zh: str
    label_en: str
    themes: list[str]
    counts: dict[str, int]
    adopters: int | None = Field(None, description="how many of the jurisdictions adopt it")


class Matrix(Model):
    jurisdictions: list[str] = Field(description="jurisdictions with a document loaded, in the hierarchy's order")
    measures: list[MatrixRow]
    levels: dict[str, str] | None = Field(None, description="each jurisdiction's level")
    names: dict[str, str] | None = Field(None, description="each jurisdiction's Chinese name")
    totals: dict[str, int] | None = Field(None, description="per jurisdiction, how many measures it adopts")


class SimilarProvision(Model):
    id: str
    document: str
    jurisdiction: str
    number: str | None = None
    text: str
    score: float
    shared_measures: list[str]


class MeasureAgencies(Model):
    jurisdiction: str
    agency: str
    type: str
    provisions: list[dict]


class JurisdictionMeasure(Model):
    id: str
    label_zh: str
    label_en: str
    themes: list[str]
    provisions: list[dict]


class DocumentRef(Model):
    id: str
    title: str | None = None
    doc_number: str | None = None
    issuer: list[str] | None = None
    level: str | None = None
    in_corpus: bool | None = None
    jurisdiction: str | None = None


class LineageRoute(Model):
    path: list[str]        # document ids from the start to this document
    relation: str          # implements | derived: the last step's
    depth: int
    evidence: str | None = None


class LineageStep(Model):
    """A document reached, once, at its shortest route; `routes` holds every route to it."""
    document: DocumentRef
    relation: str          # implements | derived
    depth: int
    path: list[str]
    evidence: str | None = None
    routes: list[LineageRoute] = []


class Reuse(Model):
    provision: str
    number: str | None = None
    text: str
    span: list[int]
    source: str
    source_document: str
    source_number: str | None = None
    source_text: str
    source_span: list[int]
    score: float
    passages: list[str]
    provision_spans: list[list[int]]     # in the source files
    source_spans: list[list[int]]
    provision_ranges: list[list[int]]    # within the provision texts, for highlighting
    source_ranges: list[list[int]]


class Lineage(Model):
    document: DocumentRef
    ancestors: list[LineageStep]
    descendants: list[LineageStep]
    reuse: list[Reuse] = []


class DerivedProvision(Model):
    id: str
    document: str
    jurisdiction: str
    number: str | None = None
    text: str
    score: float
    aligned_chars: int
    passages: list[str]
    source_spans: list[list[int]]
    target_spans: list[list[int]]


class ProvisionLineage(Model):
    provision: Provision
    derived_from: list[DerivedProvision]
    derived_into: list[DerivedProvision]


class JurisdictionLineage(Model):
    jurisdiction: dict
    documents: list[Lineage]


class LoadedDocument(Model):
    id: str
    jurisdiction: str
    title: str | None = None
    provisions: int
    items: int
    sections: int
    citations: int
    agencies: int
    noise_removed: int


class SetAsideDocument(Model):
    id: str
    jurisdiction: str
    file: str = Field(description="the file within the corpus folder")
    reason: str = Field(description="why it could not be used, and what it did find")


class ReloadAnswer(Model):
    status: Literal["reloaded"]
    documents: list[LoadedDocument]
    counts: dict[str, int]
    warnings: list[str] = []
    set_aside: list[SetAsideDocument] = Field(
        [], description="documents listed by the manifest that could not be used; the rest loaded")


class ResponsibilityProvision(Model):
    id: str
    number: str | None = None
    heading: str | None = None
    text: str | None = Field(None, description="left out when the request says text=false")
    span: list[int]
    citation: str = Field(description="how analysts cite it: 北京市《关于强化知识产权保护的行动方案》（九）")


class MeasureRef(Model):
    id: str
    label_zh: str
    label_en: str


class ResponsibilityDeadline(Model):
    kind: str | None = Field(None, description="by_date, recurring or ongoing")
    date: str | None = Field(None, description="the ISO date a dated deadline falls on")
    text: str | None = None
    recurrence: str | None = None
    month: int | None = None
    ongoing: bool | None = None


class Responsibility(Model):
    jurisdiction: str
    jurisdiction_name: str | None = None
    level: str | None = None
    document: str
    document_title: str | None = None
    doc_number: str | None = None
    provision: ResponsibilityProvision
    measure: MeasureRef | None = Field(None, description="null for a provision that adopts no measure")
    agency: AgencyRef
    deadline: ResponsibilityDeadline | None = None


class Responsibilities(Model):
    filters: dict
    rows: list[Responsibility]
    total: int = Field(description="rows that match the filters, on every page")
    offset: int
    limit: int | None = None
    truncated: bool = Field(description="true when this page leaves rows out")


class AgencyType(Model):
    id: str
    label_zh: str
    label_en: str


class GapMeasure(Model):
    measure: dict = Field(description="{id, label_zh, label_en, themes}")
    provisions: list[dict] = Field(description="the document's provisions adopting it (none when left out)")
    ancestor_provisions: list[dict] = Field(description="the ancestor's provisions adopting it (none when added)")


class AncestorGap(Model):
    ancestor: DocumentRef
    relation: str = Field(description="implements (by citation) or derived (by reused text): the step that reaches it")
    depth: int
    relations: list[str] = Field(description="every way the ancestor is reached at that depth: implements, derived or both")
    routes: list[dict] = Field(description="the lineage routes that make it an ancestor carried out ({path, relation, depth}), "
                                           "shortest first")
    took_up: list[GapMeasure] = Field(description="the ancestor's measures the document adopts too")
    left_out: list[GapMeasure] = Field(description="the ancestor's measures the document does not adopt")
    added: list[GapMeasure] = Field(description="the document's measures the ancestor does not adopt")
    coverage: float | None = Field(None, description="share of the ancestor's measures taken up")


class Implementation(Model):
    document: DocumentRef
    measures: int = Field(description="how many measures the document adopts")
    ancestors: list[AncestorGap] = Field(description="each ancestor in the corpus it cites, or of its own "
                                                     "jurisdiction or one above, nearest in the hierarchy first")
    outside_corpus: list[dict] = Field(description="ancestors known only as cited titles: not compared")


class TimelineDocument(Model):
    document: str
    title: str | None = None
    doc_number: str | None = None
    date: str | None = Field(None, description="issue date, else posting date; null when the document gives neither")
    date_source: str | None = Field(None, description="issued or published")
    year: int | None = None
    provisions: list[dict]


class TimelineJurisdiction(Model):
    jurisdiction: str
    name_zh: str
    name_en: str | None = None
    level: str
    first: TimelineDocument | None = Field(None, description="its earliest dated adopting document")
    documents: list[TimelineDocument]


class Timeline(Model):
    measure: dict
    first_adopters: list[str] = Field(description="the jurisdictions that adopted it first (several on the same day)")
    jurisdictions: list[TimelineJurisdiction] = Field(description="adopters with a known date, earliest first")
    undated: list[TimelineJurisdiction] = Field(description="adopters none of whose adopting documents has a date: shown apart, never guessed")
    years: list[int]
    by_level: list[dict] = Field(description="per level: adopters, undated, and per year the new and cumulative adopters")
