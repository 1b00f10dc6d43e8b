"""The edges of policykg: the FastAPI app and the `policykg` CLI."""
