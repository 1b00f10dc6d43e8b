from fastapi import APIRouter

from policykg.deps import ProvisionId, ServiceDep
from policykg.schemas import Provision, SimilarProvision
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["provisions"], route_class=OffLoopRoute)


@router.get("/api/provisions/{provision_id}", response_model=Provision)
def get_provision(provision_id: ProvisionId, service: ServiceDep):
    """One provision with its text, its span in the source file, themes, agencies and deadline."""
    return service.provision(provision_id)


@router.get("/api/provisions/{provision_id}/similar", response_model=list[SimilarProvision])
def similar_provisions(provision_id: ProvisionId, service: ServiceDep):
    """Provisions of other jurisdictions adopting the same measures, scored by the overlap of their measure sets."""
    return service.similar(provision_id)
