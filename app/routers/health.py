import anyio
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from policykg.deps import ServiceDep
from policykg.schemas import Health

router = APIRouter(tags=["health"])

#: health asks the store in threads of its own, so it never queues behind heavy answers
#: waiting for the shared thread pool
_OWN_THREADS = anyio.CapacityLimiter(2)


@router.get("/api/health", response_model=Health, responses={503: {"model": Health}})
async def health(service: ServiceDep):
    """Which store is in use, whether it answers, and what the graph holds. 503 when the store does not answer."""
    body = await anyio.to_thread.run_sync(service.health, limiter=_OWN_THREADS)
    if not body["store_answers"]:
        return JSONResponse(status_code=503, content=Health(**body).model_dump())
    return body
