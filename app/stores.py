"""Make the store the settings ask for."""
from __future__ import annotations

from policykg.settings import Settings
from policykg.graph.errors import PolicyKGError
from policykg.graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    if settings.backend == "networkx":
        from policykg.graph.nx_store import NetworkxStore
        return NetworkxStore()
    if settings.backend == "neo4j":
        from policykg.graph.neo4j_store import Neo4jStore
        if not settings.neo4j_uri:
            raise PolicyKGError("the neo4j backend needs a URI: --uri bolt://HOST:PORT or POLICYKG_NEO4J_URI")
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database)
    raise PolicyKGError(f"unknown backend {settings.backend!r}")
