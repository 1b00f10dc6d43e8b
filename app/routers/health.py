from fastapi import APIRouter
from fastapi.responses import JSONResponse

from policykg.deps import ServiceDep
from policykg.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/api/health", response_model=Health, responses={503: {"model": Health}})
def health(service: ServiceDep):
    """Which store is in use, whether it answers, and what the graph holds. 503 when the store does not answer."""
    body = service.health()
    if not body["store_answers"]:
        return JSONResponse(status_code=503, content=Health(**body).model_dump())
    return body
