"""Where policykg's own files are, in a checkout and in an installed wheel alike.

Everything policykg reads of its own — the codebook and rules (``policykg.data``), the
bundled corpus, the named Cypher (``policykg.queries``), the pages and the Neo4j launcher —
is package data, found through :mod:`importlib.resources`, never by walking up from a
source file. Installed packages are plain folders (wheels are never imported zipped), so
each resource is a real path that the loaders can open.

>>> (package_dir("policykg.data") / "measures.toml").is_file()
True
"""
from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path


@functools.cache
def package_dir(package: str) -> Path:
    """The folder of an installed policykg package, as a real path."""
    parent, _, leaf = package.rpartition(".")
    if parent and leaf in ("pages", "corpus", "admin", "neo4j", "browser"):
        return package_dir(parent) / leaf      # a folder of data only, inside a package
    root = files(package)
    path = Path(str(root))
    if not path.is_dir():      # not a plain folder (a zip import): nothing of ours runs that way
        raise RuntimeError(f"policykg's package data {package!r} is not a folder on disk ({root!r})")
    return path


def cache_dir(*parts: str) -> Path:
    """A writable folder for what policykg builds once (the Neo4j classpath): ``POLICYKG_CACHE_DIR``,
    else ``$XDG_CACHE_HOME/policykg``, else ``~/.cache/policykg`` — never inside the installed package."""
    import os
    base = os.environ.get("POLICYKG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "policykg")
    path = Path(base, *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
