"""The load's shortcuts give what the plain way gives: each is checked against the pattern or
the whole pass it stands for, on the bundled and genre texts and on generated strings built from
the characters that matter."""
from pathlib import Path

from hypothesis import given, settings, strategies as st

from policykg.loaders.docnumbers import DOC_NUMBER, find_doc_numbers, from_matches
from policykg.loaders.reading import read_source
from policykg.loaders.tagging import ENUMERATION, enumerations

GENRE = Path(__file__).parent / "data" / "genre"


def _texts(corpus) -> list[str]:
    return ([p.norm for d in corpus.documents for p in d.provisions]
            + [read_source(f).norm for f in sorted(GENRE.rglob("*.txt"))])


def _all_enumerations(text: str) -> tuple:
    return tuple((m.start(), m.end()) for m in ENUMERATION.finditer(text))


# strings made of what an enumeration or a 文号 is made of, so that the generator meets them often
_PIECES = st.sampled_from(["、", "等", "及", "和", "与", "专利", "商标", "地理标志", "版权", "中医药", "，", "。",
                           "“", "”", "a", "1", "高价值", "商业秘密", " ", "\n", "重点对象的保护", "对",
                           "〔", "〕", "(", ")", "[", "]", "（", "）", "2020", "1999", "21", "第", "号", "豫办", "发文字号"])
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


def test_enumerations_are_the_patterns_matches_over_the_whole_text(corpus):
    texts = _texts(corpus)
    assert sum(1 for t in texts if _all_enumerations(t)) > 20          # the corpora do hold lists
    for text in texts:
        assert enumerations(text) == _all_enumerations(text), text[:40]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_enumerations_are_the_patterns_matches_on_generated_text(text):
    assert enumerations(text) == _all_enumerations(text)


def _plain_doc_numbers(text: str) -> list[tuple]:
    return [(d.text, d.start, d.end) for d in from_matches(DOC_NUMBER.finditer(text))]


def test_doc_numbers_are_found_as_by_the_whole_pattern(corpus):
    texts = _texts(corpus) + ["根据《某某》(豫办(2020)21号)精神", "发文字号：京政办发〔2020〕 第 3 号"]
    found = 0
    for text in texts:
        fast = [(d.text, d.start, d.end) for d in find_doc_numbers(text)]
        assert fast == _plain_doc_numbers(text), text[:40]
        found += bool(fast)
    assert found > 5


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_doc_numbers_on_generated_text(text):
    fast = [(d.text, d.start, d.end) for d in find_doc_numbers(text)]
    assert fast == _plain_doc_numbers(text)
    assert not fast or "号" in text
