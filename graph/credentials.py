"""Credentials kept out of what is shown: a Neo4j URI may carry ``user:password@``;
they are taken out of it before the URI goes anywhere a message or a log could show it."""
from __future__ import annotations

from urllib.parse import unquote


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user info, user, password)``: credentials written into a URI are
    taken out of it, so that the URI can be shown in messages and logs.

    >>> split_credentials("neo4j://reader:p%40ss@db.example:7687")
    ('neo4j://db.example:7687', 'reader', 'p@ss')
    >>> split_credentials("bolt://127.0.0.1:7687")
    ('bolt://127.0.0.1:7687', None, None)
    >>> split_credentials("bolt://neo4j:12/34#5?6@host:7687")
    ('bolt://host:7687', 'neo4j', '12/34#5?6')
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        scheme, rest = "", uri
    if "@" not in rest:
        return uri, None, None
    # everything before the last @ is user info, whatever characters the password holds
    userinfo, _, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    clean = f"{scheme}://{host}" if sep else host
    return clean, unquote(user) or None, (unquote(password) or None) if colon else None
