"""The text that reused-wording detection compares (:mod:`policykg.loaders.reuse`), made per
provision in the parse workers: letters and digits only, with cited titles, 文号 and the formulas
every plan opens with left out, each character with its offset in the provision's text.
"""
from __future__ import annotations

from array import array

from policykg.loaders.citations import find_titles
from policykg.loaders.datafiles import structure_vocabulary
from policykg.loaders.docnumbers import find_doc_numbers

MIN_ALIGNED = 20            # provisions shorter than this (normalised body) take no part in reuse


def _masked(norm: str) -> list[bool]:
    """Characters that two texts share without one reusing the other: cited 《titles》 and 文号
    (both texts cite the same document) and the formulas every plan opens with (data)."""
    mask = [False] * len(norm)
    spans = [(a, b) for a, b, _ in find_titles(norm)] + [(d.start, d.end) for d in find_doc_numbers(norm)]
    for phrase in structure_vocabulary()["reuse_boilerplate"]:
        start = norm.find(phrase)
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = norm.find(phrase, start + 1)
    for a, b in spans:
        mask[a:b] = [True] * (b - a)
    return mask


def clean(norm: str) -> tuple[str, array]:
    """Letters and digits only (Chinese characters are letters), with each one's offset in the
    text (an ``array``); cited titles, 文号 and boilerplate formulas left out (:func:`_masked`).

    >>> clean("根据《知识产权强国建设纲要》，建设保护中心")[0]
    '根据建设保护中心'
    """
    masked = _masked(norm)
    positions = [i for i, ch in enumerate(norm) if ch.isalnum() and not masked[i]]
    # offsets as a machine array: the parse workers send them to the load in one block of bytes
    return "".join(norm[i] for i in positions), array("l", positions)
