"""Credentials kept out of what is shown: a Neo4j URI may carry ``user:password@``;
they are taken out of it before the URI goes anywhere a message or a log could show it."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from graph.errors import StoreUnavailable


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user info, user, password)``: credentials written into a URI are
    taken out of it, so that the URI can be shown in messages and logs.

    >>> split_credentials("neo4j://reader:p%40ss@db.example:7687")
    ('neo4j://db.example:7687', 'reader', 'p@ss')
    >>> split_credentials("bolt://127.0.0.1:7687")
    ('bolt://127.0.0.1:7687', None, None)
    """
    try:
        parts = urlsplit(uri)
        parts.port                  # noqa: B018 — raises on a malformed port
    except ValueError:
        raise StoreUnavailable("cannot use the Neo4j URI: it is not a valid URI (e.g. bolt://HOST:7687)") from None
    if parts.username is None and parts.password is None:
        return uri, None, None
    host = parts.netloc.rpartition("@")[2]
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return (clean, unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None)
