import hmac
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException

from app.deps import ServiceDep, SettingsDep

router = APIRouter(tags=["admin"])


@router.post("/api/admin/reload")
def reload_corpus(service: ServiceDep, settings: SettingsDep,
                  authorization: Annotated[str | None, Header()] = None):
    """Reload the corpus. Off unless POLICYKG_RELOAD_TOKEN is set; then it needs
    `Authorization: Bearer <token>`. A failed reload keeps the previous graph and answers 422."""
    if settings.reload_token is None:
        raise HTTPException(403, "reload is disabled (set POLICYKG_RELOAD_TOKEN to enable it)")
    expected = f"Bearer {settings.reload_token.get_secret_value()}"
    if not authorization or not hmac.compare_digest(authorization, expected):
        raise HTTPException(401, "reload needs a valid bearer token")
    report = service.load(settings.corpus)
    return {"status": "reloaded", "documents": report.documents, "counts": report.counts, "warnings": report.warnings}
