import anyio
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from policykg.deps import ServiceDep
from policykg.schemas import Health

router = APIRouter(tags=["health"])

#: health asks Neo4j in threads of its own, so it never queues behind heavy answers waiting
#: for the shared thread pool (the embedded store it reads on the event loop: all in memory)
_OWN_THREADS = anyio.CapacityLimiter(2)


@router.get("/api/health", response_model=Health, responses={503: {"model": Health}})
async def health(service: ServiceDep):
    """Which store is in use, whether it answers, and what the graph holds. 503 when the store does not answer."""
    if service.store.in_memory:
        body = service.health()      # the graph is in memory: nothing to wait for, no thread needed
    else:
        body = await anyio.to_thread.run_sync(service.health, limiter=_OWN_THREADS)
    if not body["store_answers"]:
        return JSONResponse(status_code=503, content=Health(**body).model_dump())
    return body
