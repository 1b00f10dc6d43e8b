"""Dependency aliases shared by the routers."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from policykg.graph.ids import MAX_ID, PATTERN
from policykg.service import PolicyService
from policykg.settings import Settings


async def get_service(request: Request):
    """The service, held for reading for the whole request: a reload swaps its graph in
    between requests, never during one (see :mod:`app.gate`)."""
    service: PolicyService = request.app.state.service
    await service.gate.enter_reading()
    try:
        yield service
    finally:
        service.gate.leave_reading()


def get_admin_service(request: Request) -> PolicyService:
    """The service without the read hold: for the routes that change the graph themselves."""
    return request.app.state.service


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


#: scope="function": the gate is left when the route function returns, before the response is
#: sent, so a client slow to read its answer never holds a reload back
ServiceDep = Annotated[PolicyService, Depends(get_service, scope="function")]
AdminServiceDep = Annotated[PolicyService, Depends(get_admin_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
def _id_path(example: str, what: str):
    """An id in a path, checked by the rule every id of the graph follows (policykg.graph.ids)."""
    return Annotated[str, Path(min_length=1, max_length=MAX_ID, pattern=PATTERN, examples=[example],
                               description=f"{what} id, as the API lists them")]


DocumentId = _id_path("luohe", "a document (or cited document)")
JurisdictionId = _id_path("luoyang", "a jurisdiction")
ProvisionId = _id_path("luohe.p5", "a provision")
MeasureId = _id_path("technical_investigators", "a measure")
Ident = _id_path("luohe", "an")
