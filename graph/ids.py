"""Ids: one rule for every id policykg makes or accepts, checked when a corpus loads and when
a request names one, so that nothing the load puts into the graph can break an endpoint.

An id is 1–200 characters with no white space, no control or invisible formatting characters
(zero-width, bidirectional overrides, byte-order marks) and none of ``/ \\ ? # %``, which would
change what a URL means. A manifest id is at most 64 characters, so every id derived from it
(``luohe.p12``, ``luohe.s3``) stays within 200. ``cited:`` starts only the ids of documents
that are cited but not in the corpus, so a corpus document can never take one.

>>> id_problem("hanyang") is None
True
>>> id_problem("han yang")
'has white space, a control or an invisible formatting character (at 3)'
>>> id_problem("cited:x", manifest=True)
"starts with 'cited:', which only cited documents' ids do"
>>> cited_id("关于A/B 的通知")
'cited:关于A_B_的通知'
"""
from __future__ import annotations

import hashlib
import re

MAX_ID = 200
MAX_MANIFEST_ID = 64
CITED = "cited:"
#: what no id holds, as one character class for Python, pydantic (Rust) and JSON-schema regexes alike
FORBIDDEN = (r"\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"
             r"\ufff0-\uffff/\\?#%")
PATTERN = rf"^[^{FORBIDDEN}]{{1,{MAX_ID}}}$"
_BAD = re.compile(rf"[{FORBIDDEN}]")
_URL_BAD = set("/\\?#%")


def id_problem(value, manifest: bool = False) -> str | None:
    """What is wrong with an id, or None."""
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__}"
    limit = MAX_MANIFEST_ID if manifest else MAX_ID
    if not value:
        return "is empty"
    if len(value) > limit:
        return f"is {len(value)} characters long, over {limit}"
    bad = _BAD.search(value)
    if bad:
        if bad.group(0) in _URL_BAD:
            return f"holds {bad.group(0)!r} (at {bad.start()}), which would change what a URL means"
        return f"has white space, a control or an invisible formatting character (at {bad.start()})"
    if set(value) == {"."}:
        return "is only dots"
    if manifest and value.startswith(CITED):
        return f"starts with {CITED!r}, which only cited documents' ids do"
    return None


def cited_id(key: str) -> str:
    """The id of a cited document from its 文号 or title key: forbidden characters become ``_``,
    and a key too long for an id is cut and given a hash of the whole, so ids stay distinct."""
    safe = _BAD.sub("_", key).strip("_") or "_"
    room = MAX_ID - len(CITED)
    if len(safe) > room:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        safe = safe[: room - 11] + "~" + digest
    return CITED + safe
