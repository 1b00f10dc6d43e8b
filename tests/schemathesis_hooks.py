"""policykg's own check for `schemathesis run` (loaded with SCHEMATHESIS_HOOKS=schemathesis_hooks):
every error answer is JSON ``{"error": kind, "message": text}``."""
import schemathesis


@schemathesis.check
def error_bodies_are_json_with_a_message(ctx, response, case):
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("message"), str) and body["message"], f"no message in {body!r}"
        assert isinstance(body.get("error"), str), f"no error kind in {body!r}"
