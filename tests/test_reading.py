"""Reading detects the encoding, keeps the original, and refuses what is not text."""
import codecs

import pytest

from policykg.graph.errors import LoadError
from policykg.loaders.reading import decode_bytes, read_source

TEXT = "关于强化知识产权保护的若干措施（责任单位：市市场监管局）"


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
    ("utf-16", TEXT.encode("utf-16")),
])
def test_encoding_is_detected_without_being_told(encoding, data):
    src = decode_bytes(data, "doc.txt")
    assert src.encoding == encoding
    assert src.text == TEXT


def test_traditional_text_is_matched_as_simplified_and_shown_as_written():
    src = decode_bytes("關於強化知識產權保護（責任單位：區市場監管局）".encode("utf-8"), "trad.txt")
    assert src.traditional
    assert src.text.startswith("關於強化")
    assert src.norm == "关于强化知识产权保护（责任单位：区市场监管局）"
    assert len(src.norm) == len(src.text)


@pytest.mark.parametrize("data,problem", [
    (b"", "empty"),
    (b"   \n\n", "only white space"),
    (bytes(range(256)) * 4, "binary"),
    ("知识产权保护".encode("utf-8")[:-1], "truncated UTF-8"),
    (b"\xff\xfe\xfd\x80\x81" * 50, "cannot decode"),
])
def test_bad_bytes_are_refused_with_the_file_named(data, problem):
    with pytest.raises(LoadError) as err:
        decode_bytes(data, "/corpus/bad.txt")
    assert "/corpus/bad.txt" in str(err.value)
    assert problem in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(LoadError, match="missing.txt: file not found"):
        read_source(tmp_path / "missing.txt")
