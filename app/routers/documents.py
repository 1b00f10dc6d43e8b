from typing import Literal

from fastapi import APIRouter

from policykg.deps import DocumentId, ServiceDep
from policykg.schemas import DocumentDetail, DocumentSummary, Implementation
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["documents"], route_class=OffLoopRoute)


@router.get("/api/documents", response_model=list[DocumentSummary])
def list_documents(service: ServiceDep, status: Literal["loaded", "set_aside"] | None = None):
    """The documents of the corpus, with their 文号, date and number of provisions. Each has a
    `status`: `loaded`, or `set_aside` when the load could not use it (`set_aside_reason` says
    why: no text, undecodable, no structure…); `?status=set_aside` lists only those."""
    return service.documents(status)


@router.get("/api/documents/{document_id}", response_model=DocumentDetail)
def get_document(document_id: DocumentId, service: ServiceDep):
    """A document with its provisions (text, span in the source file, themes, agencies, deadline),
    sections, citations (implements / mentions, with the citing sentence) and the noise cleaning removed."""
    return service.document(document_id)


@router.get("/api/documents/{document_id}/implementation", response_model=Implementation)
def document_implementation(document_id: DocumentId, service: ServiceDep):
    """The implementation gap: for each ancestor in the corpus — a document this one cites as
    carried out, or a plan of its own jurisdiction or one above it reached by citation or reused
    wording — the ancestor's measures this document took up, those it left out and those it added,
    each with the provisions on both sides."""
    return service.implementation(document_id)
