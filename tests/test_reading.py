"""Reading detects the encoding, keeps the original, and refuses what is not text."""
import codecs

import pytest

from policykg.graph.errors import LoadError
from policykg.loaders.reading import decode_bytes, read_source

TEXT = "关于强化知识产权保护的若干措施（责任单位：市市场监管局）"
TRADITIONAL = "關於進一步加強知識產權保護工作的通知\n一、嚴厲打擊侵權假冒行為，落實懲罰性賠償制度。\n（一）建立技術調查官制度。\n"


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
    ("utf-16-le", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("utf-16-be", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
    ("utf-32-le", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")),
    ("utf-32-be", codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be")),
])
def test_encoding_is_detected_without_being_told(encoding, data):
    src = decode_bytes(data, "doc.txt")
    assert src.encoding == encoding
    assert src.text == TEXT


@pytest.mark.parametrize("codec", ["big5", "cp950", "big5hkscs"])
def test_big5_pages_decode_as_big5_not_as_gb18030_garbage(codec):
    src = decode_bytes(TRADITIONAL.encode(codec), "big5.txt")
    assert src.encoding.startswith("big5") and src.text == TRADITIONAL
    assert "技术调查官" in src.norm and src.traditional


def test_traditional_text_in_gb18030_stays_gb18030():
    src = decode_bytes(TRADITIONAL.encode("gb18030"), "trad-gb.txt")
    assert src.encoding == "gb18030" and src.text == TRADITIONAL


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
    (TEXT.encode("utf-8") * 400 + b"\x00" + TEXT.encode("utf-8"), "holds a NUL byte at offset 33600 (line 1)"),
    ((TEXT + "\n").encode("utf-16-le") * 3, "looks like UTF-16-LE text without a byte-order mark"),
    ((TEXT + "\n").encode("utf-16-be") * 3, "looks like UTF-16-BE text without a byte-order mark"),
    ((TEXT + "\n").encode("utf-32-le") * 3, "looks like UTF-32-LE text without a byte-order mark"),
    ((TEXT + "\n").encode("utf-32-be") * 3, "looks like UTF-32-BE text without a byte-order mark"),
    (codecs.BOM_UTF16_LE + (TEXT + "\x00").encode("utf-16-le"), "holds a NUL character"),
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


def test_the_frequent_characters_data_is_what_jiebas_dictionary_gives():
    from policykg.loaders.datafiles import data_file
    from policykg.loaders.reading import frequent_hanzi_from_jieba
    assert data_file("frequent_hanzi")["characters"] == "".join(frequent_hanzi_from_jieba())
