import hmac
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPBearer

from policykg.deps import AdminServiceDep, SettingsDep
from policykg.errors import error_responses
from policykg.routes import OffLoopRoute
from policykg.schemas import ReloadAnswer

router = APIRouter(tags=["admin"], route_class=OffLoopRoute)


def _token_matches(authorization: str | None, token: str) -> bool:
    """Constant-time comparison of the header with ``Bearer <token>``, on bytes: the header's
    bytes as sent (Starlette decodes them as latin-1), the token's as UTF-8."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":          # the scheme is case-insensitive (RFC 9110), the token is not
        return False
    return hmac.compare_digest(given.encode("latin-1", "replace"), token.encode("utf-8"))


#: declares the bearer scheme in the OpenAPI description; the header itself is compared below
bearer = HTTPBearer(auto_error=False, description="POLICYKG_RELOAD_TOKEN")


@router.post("/api/admin/reload", response_model=ReloadAnswer, responses=error_responses(401, 403, 409),
             dependencies=[Depends(bearer)])
def reload_corpus(request: Request, service: AdminServiceDep, settings: SettingsDep):
    """Reload the corpus. Off unless POLICYKG_RELOAD_TOKEN is set (401 without credentials, 403
    with any); then it needs `Authorization: Bearer <token>`. A failed reload keeps the previous graph and answers 422;
    a reload while another runs answers 409. Readers see the previous graph until the new
    one is whole, then the new one."""
    if settings.reload_token is None:
        if not request.headers.get("authorization"):      # no credentials: 401, as RFC 9110 asks
            raise HTTPException(401, "reload needs a bearer token, and is disabled here "
                                     "(set POLICYKG_RELOAD_TOKEN to enable it)", headers={"WWW-Authenticate": "Bearer"})
        raise HTTPException(403, "reload is disabled (set POLICYKG_RELOAD_TOKEN to enable it)")
    if not _token_matches(request.headers.get("authorization"), settings.reload_token.get_secret_value()):
        raise HTTPException(401, "reload needs a valid bearer token", headers={"WWW-Authenticate": "Bearer"})
    report = service.load(settings.corpus, wait=False, strict=settings.strict)
    return {"status": "reloaded", "documents": report.documents, "counts": report.counts, "warnings": report.warnings,
            "set_aside": report.set_aside}
