"""Access to the versioned data files under `data/`, with a schema check on load.

Domain knowledge (noise rules, agency types, themes, vocabulary) lives in TOML
files, not in Python literals. Each loader here checks the keys it needs and
names the file when something is missing.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from policykg.graph.errors import DataFileError
from policykg.graph.resources import package_dir

DATA_DIR = package_dir("policykg.data")
DEFAULT_CORPUS = DATA_DIR / "corpus"


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path, f"invalid TOML: {exc}") from None


def require(path: Path, table: dict, keys: dict[str, type], where: str = "") -> None:
    """Check that `table` has each key with the given type, naming file and place."""
    for key, typ in keys.items():
        if key not in table:
            raise DataFileError(path, f"{where}missing key {key!r}")
        if not isinstance(table[key], typ):
            raise DataFileError(path, f"{where}{key!r} must be {typ.__name__}, got {type(table[key]).__name__}")


@functools.cache
def data_file(name: str) -> dict[str, Any]:
    """A data file by name (``"themes"`` → ``data/themes.toml``), parsed once."""
    return read_toml(DATA_DIR / f"{name}.toml")


@functools.cache
def structure_vocabulary() -> dict[str, list[str]]:
    path = DATA_DIR / "structure.toml"
    doc = data_file("structure")
    require(path, doc, {k: list for k in (
        "title_endings", "framing_headings", "metadata_labels",
        "organisation_endings", "implements_cues", "making_cues", "reuse_boilerplate")})
    return doc
