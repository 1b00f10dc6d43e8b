"""Shared fixtures: the bundled corpus parsed once, a loaded embedded store, an API client,
and a helper that writes small corpora of new shapes."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.service import PolicyService
from app.settings import Settings
from graph.nx_store import NetworkxStore
from loaders.datafiles import DEFAULT_CORPUS
from loaders.pipeline import load_corpus

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def docs(corpus):
    return {d.id: d for d in corpus.documents}


@pytest.fixture(scope="session")
def service():
    svc = PolicyService(NetworkxStore())
    svc.load()
    return svc


@pytest.fixture(scope="session")
def client(service):
    with TestClient(create_app(Settings(), service)) as c:
        yield c


def items(doc):
    return [p for p in doc.provisions if p.kind == "item"]


def by_number(doc, number, section=None):
    """The provision with this number label (within `section`, when numbers repeat)."""
    found = [p for p in doc.provisions if p.number and p.number.strip("、.．") == number
             and (section is None or p.section == section)]
    assert len(found) == 1, f"{doc.id}: {len(found)} provisions numbered {number!r}"
    return found[0]


MANIFEST_HEAD = """
[[jurisdictions]]
id = "china"
name_zh = "中国"
name_en = "China"
level = "national"

[[jurisdictions]]
id = "prov"
name_zh = "某某省"
name_en = "Some Province"
level = "province"
parent = "china"
"""


def write_corpus(tmp: Path, files: dict[str, bytes | str], manifest: str | None = None,
                 jurisdictions: str = "") -> Path:
    """A corpus folder with the given files. Documents default to jurisdiction `prov`."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else textwrap.dedent(content).lstrip().encode("utf-8")
        (tmp / name).write_bytes(data)
    if manifest is None:
        manifest = MANIFEST_HEAD + jurisdictions + "".join(
            f'\n[[documents]]\nfile = "{n}"\njurisdiction = "prov"\n' for n in files)
    (tmp / "manifest.toml").write_text(manifest, encoding="utf-8")
    return tmp


@pytest.fixture
def bundled_copy(tmp_path):
    """A writable copy of the bundled corpus folder."""
    dst = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, dst)
    return dst
