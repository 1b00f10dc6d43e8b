from fastapi import APIRouter

from policykg.deps import DocumentId, JurisdictionId, ProvisionId, ServiceDep
from policykg.schemas import JurisdictionLineage, Lineage, ProvisionLineage
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["lineage"], route_class=OffLoopRoute)


@router.get("/api/lineage/{document_id}", response_model=Lineage)
def document_lineage(document_id: DocumentId, service: ServiceDep):
    """The chain of documents this one implements (by citation) or takes wording from (by reused
    text), up to the national level, and those below it; each step with its path and evidence."""
    return service.lineage(document_id)


@router.get("/api/provisions/{provision_id}/lineage", response_model=ProvisionLineage)
def provision_lineage(provision_id: ProvisionId, service: ServiceDep):
    """The provisions this one took wording from and those that took wording from it, with the
    aligned spans in both source files."""
    return service.provision_lineage(provision_id)


@router.get("/api/jurisdictions/{jurisdiction_id}/lineage", response_model=JurisdictionLineage)
def jurisdiction_lineage(jurisdiction_id: JurisdictionId, service: ServiceDep):
    """Every document of the jurisdiction with its chains."""
    return service.jurisdiction_lineage(jurisdiction_id)
