"""policykg: a knowledge graph for comparing Chinese IP-protection policies across jurisdictions.

The distribution installs this one package. Its parts: :mod:`policykg.loaders` (the loading
pipeline), :mod:`policykg.graph` (the graph, its stores and named queries), the API, CLI and
Python API here. For Python users::

    import policykg
    kg = policykg.open()                        # or open(corpus="folder"), open(uri="bolt://…")
    kg.adoption("技术调查官").jurisdictions

See :mod:`policykg.kg`.
"""
from __future__ import annotations

__all__ = ["open", "PolicyKG"]


def __getattr__(name: str):
    # lazy: importing a submodule (policykg.loaders…) does not load the whole API
    if name in __all__:
        from policykg import kg
        return getattr(kg, name)
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")
