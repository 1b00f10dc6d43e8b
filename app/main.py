"""The FastAPI app. ``create_app()`` builds the store from the settings and loads
the corpus at start; tests pass a ready service instead.
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager

from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from policykg.errors import COMMON_ERRORS, error_responses, install_error_handlers
from policykg.errors import CatchBugs
from policykg.routers import (admin, agencies, browser, docs, documents, health, jurisdictions, lineage, measures,
                              pages, provisions, questions, responsibilities)
from policykg.routes import GZIP_FROM, GZip, set_worker_threads
from policykg.security import SecurityHeaders
from policykg.service import PolicyService
from policykg.settings import Settings
from policykg.stores import open_store

try:
    __version__ = version("policykg")
except PackageNotFoundError:       # pragma: no cover - running from an uninstalled tree
    __version__ = "0"

DESCRIPTION = """policykg compares Chinese IP-protection policies across jurisdictions.
Every answer carries its evidence: the provision text and its span in the source file."""


def create_app(settings: Settings | None = None, service: PolicyService | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = app.state.service is None
        if own:
            app.state.service = PolicyService(open_store(settings))
            app.state.service.serving = True
            if settings.loads_on_start:
                app.state.service.load(settings.corpus, strict=settings.strict)   # warms up after
            else:
                app.state.service.warm_up_in_background()
        yield
        if own:
            app.state.service.close()

    # answers computed at once: the cores on the embedded store (Python holds the GIL), more on
    # Neo4j, where threads wait for the server (POLICYKG_WORKER_THREADS overrides)
    set_worker_threads(settings.worker_threads or (max(2, os.cpu_count() or 2) if settings.backend == "networkx" else 16))
    app = FastAPI(title="policykg", description=DESCRIPTION, version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.service = service
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET"],
                           allow_headers=["*"])
    install_error_handlers(app)
    # answers of a large corpus are large: compress them, at a level that costs the event loop little
    # (level 9, the default, took seconds per request for a 3,000-jurisdiction matrix)
    app.add_middleware(GZip, minimum_size=GZIP_FROM, compresslevel=3)
    app.add_middleware(CatchBugs)           # inside the headers: a 500 carries them too
    app.add_middleware(SecurityHeaders)
    for r in (health, jurisdictions, documents, provisions, measures, agencies, questions, responsibilities, lineage,
              admin, browser,
              docs, pages):                 # pages last: its /{name} would shadow the routes after it
        app.include_router(r.router, responses=error_responses(*COMMON_ERRORS))
    return app
