"""Headers every response carries, so that a browser treats what policykg serves as what it is.

* ``X-Content-Type-Options: nosniff`` — a JSON answer is never read as a script or a page;
* a Content-Security-Policy: the pages run only policykg's own scripts and style sheets (no
  inline script, no inline style, no other origin, no plugins), may not be framed
  (``frame-ancestors 'none'``, and ``X-Frame-Options: DENY`` for older browsers), and send no
  referrer; the API docs (Swagger UI, ReDoc) also need inline styles and a worker, and get
  a policy that allows just that;
* JSON answers get ``default-src 'none'``: nothing in them is meant to run.
"""
from __future__ import annotations

PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
DOCS_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "connect-src 'self'; font-src 'self' data:; worker-src blob:; base-uri 'none'; frame-ancestors 'none'")
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
COMMON = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
          (b"referrer-policy", b"no-referrer")]


def policy_for(path: str, content_type: str) -> str:
    if path in ("/docs", "/redoc"):
        return DOCS_POLICY
    if content_type.startswith("application/json"):
        return DATA_POLICY
    return PAGE_POLICY


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in
                           {b"x-content-type-options", b"x-frame-options", b"referrer-policy",
                            b"content-security-policy"}]
                ctype = next((v.decode("latin-1") for k, v in headers if k.lower() == b"content-type"), "")
                headers += COMMON + [(b"content-security-policy", policy_for(scope["path"], ctype).encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
