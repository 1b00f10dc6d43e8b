from fastapi import APIRouter

from app.deps import ServiceDep
from app.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/api/health", response_model=Health)
def health(service: ServiceDep):
    """Which store is in use, whether it answers, and what the graph holds."""
    return service.health()
