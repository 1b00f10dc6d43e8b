"""Make the store the settings ask for."""
from __future__ import annotations

from app.settings import Settings
from graph.errors import PolicyKGError
from graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    if settings.backend == "networkx":
        from graph.nx_store import NetworkxStore
        return NetworkxStore()
    raise PolicyKGError(f"backend {settings.backend!r} is not available yet")
