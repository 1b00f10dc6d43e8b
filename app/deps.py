"""Dependency aliases shared by the routers."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.service import PolicyService
from app.settings import Settings


def get_service(request: Request) -> PolicyService:
    return request.app.state.service


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


ServiceDep = Annotated[PolicyService, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
