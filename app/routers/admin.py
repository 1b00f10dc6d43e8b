import hmac
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException

from policykg.deps import AdminServiceDep, SettingsDep
from policykg.errors import error_responses

router = APIRouter(tags=["admin"])


def _token_matches(authorization: str | None, token: str) -> bool:
    """Constant-time comparison of the header with ``Bearer <token>``, on bytes: the header's
    bytes as sent (Starlette decodes them as latin-1), the token's as UTF-8."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":          # the scheme is case-insensitive (RFC 9110), the token is not
        return False
    return hmac.compare_digest(given.encode("latin-1", "replace"), token.encode("utf-8"))


@router.post("/api/admin/reload", responses=error_responses(401, 403, 409))
def reload_corpus(service: AdminServiceDep, settings: SettingsDep,
                  authorization: Annotated[str | None, Header()] = None):
    """Reload the corpus. Off unless POLICYKG_RELOAD_TOKEN is set; then it needs
    `Authorization: Bearer <token>`. A failed reload keeps the previous graph and answers 422;
    a reload while another runs answers 409. Readers see the previous graph until the new
    one is whole, then the new one."""
    if settings.reload_token is None:
        raise HTTPException(403, "reload is disabled (set POLICYKG_RELOAD_TOKEN to enable it)")
    if not _token_matches(authorization, settings.reload_token.get_secret_value()):
        raise HTTPException(401, "reload needs a valid bearer token")
    report = service.load(settings.corpus, wait=False)
    return {"status": "reloaded", "documents": report.documents, "counts": report.counts, "warnings": report.warnings}
