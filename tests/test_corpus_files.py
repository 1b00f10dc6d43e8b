"""The bundled corpus ships the reference texts unchanged, with a manifest in the agreed form."""
import tomllib

import pytest

from policykg.loaders.datafiles import DEFAULT_CORPUS
from helpers import SHARED_CORPUS

FILES = ["beijing.txt", "luoyang.txt", "luohe.txt", "hanyang.txt", "luolong.txt"]


@pytest.mark.parametrize("name", FILES)
def test_bundled_text_is_byte_identical_to_the_reference(name):
    if not SHARED_CORPUS.exists():
        pytest.skip("the reference corpus (../shared/corpus) is not beside this checkout")
    assert (DEFAULT_CORPUS / name).read_bytes() == (SHARED_CORPUS / name).read_bytes()


def test_manifest_uses_the_facts_ids_levels_and_parents():
    m = tomllib.loads((DEFAULT_CORPUS / "manifest.toml").read_text(encoding="utf-8"))
    juris = {j["id"]: j for j in m["jurisdictions"]}
    expected = {"china": (None, "national"), "beijing": ("china", "province"), "henan": ("china", "province"),
                "hubei": ("china", "province"), "luoyang": ("henan", "city"), "luohe": ("henan", "city"),
                "wuhan": ("hubei", "city"), "luolong": ("luoyang", "district"), "hanyang": ("wuhan", "district")}
    assert {k: (v.get("parent"), v["level"]) for k, v in juris.items()} == expected
    assert juris["hanyang"]["name_status"] == "inferred" and "汉阳造" in juris["hanyang"]["name_note"]
    assert sorted(d["file"] for d in m["documents"]) == sorted(FILES)
    # what the text says is extracted, not typed into the manifest
    assert all(set(d) == {"file", "jurisdiction"} for d in m["documents"])
