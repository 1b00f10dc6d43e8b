"""The measure codebook and tagging, checked against the real texts."""
import pytest

from policykg.graph.errors import DataFileError
from policykg.loaders.codebook import load_codebook, parse_codebook
from policykg.loaders.reading import read_source
from policykg.loaders.tagging import default_tagger
from policykg.loaders.themes import themes


def adopters(corpus, measure):
    return {d.jurisdiction for d in corpus.documents for p in d.provisions
            if any(m["measure"] == measure for m in p.measures)}


def test_the_codebook_has_between_60_and_125_measures_with_labels_and_themes():
    book = load_codebook()
    assert 60 <= len(book.measures) <= 125
    for m in book.measures:
        assert m.label_zh and m.label_en and m.definition and m.themes
        assert m.aliases_en, f"{m.id} has no English phrasing"


def test_every_measure_matches_some_provision_of_the_corpus(corpus):
    used = {m["measure"] for d in corpus.documents for p in d.provisions for m in p.measures}
    unused = [m.id for m in load_codebook().measures if m.id not in used]
    assert unused == []


def test_every_item_adopts_a_measure_unless_it_is_framing_or_organisational(corpus):
    bare = [p.id for d in corpus.documents for p in d.provisions
            if p.kind == "item" and not p.measures and "organisation" not in p.themes]
    assert bare == []


def test_no_measure_fires_on_generic_wording_everywhere(corpus):
    """A measure adopted by every provision of a document is too loose to be a measure."""
    for d in corpus.documents:
        its = [p for p in d.provisions if p.kind == "item"]
        for m in load_codebook().measures:
            hits = sum(any(x["measure"] == m.id for x in p.measures) for p in its)
            assert hits < max(6, 0.5 * len(its)), (d.id, m.id, hits)


@pytest.mark.parametrize("measure,expected", [
    ("technical_investigators", {"beijing", "hanyang", "luolong"}),       # 技术调查官 in each
    ("punitive_damages", {"beijing", "luoyang", "luolong"}),             # 惩罚性赔偿
    ("blockchain_evidence", {"beijing", "hanyang", "luolong"}),          # 时间戳、区块链 / 区块链存证
    ("traditional_medicine", {"beijing", "luoyang", "hanyang", "luolong"}),  # 传统医药 / 中医药 (Luohe only lists it)
    ("case_streamlining", {"beijing", "luoyang", "luohe", "hanyang", "luolong"}),     # 繁简分流
    ("online_litigation", {"beijing", "luoyang", "hanyang", "luolong"}),  # 远程立案/网上审理 / 智慧法院
    ("ip_pledge_financing", {"luohe", "hanyang", "luolong"}),             # 质押融资 / 质押贷款 / 知识产权贷
])
def test_differently_worded_equivalents_are_one_measure(corpus, measure, expected):
    assert adopters(corpus, measure) == expected


def test_being_named_in_a_list_of_priority_objects_is_no_adoption(corpus):
    luohe = next(d for d in corpus.documents if d.id == "luohe")
    p = next(p for p in luohe.provisions if "中医药及商业秘密等重点对象" in p.text)
    tagged = {m["measure"] for m in p.measures}
    assert "key_fields_and_objects" in tagged
    assert not tagged & {"traditional_medicine", "trade_secrets", "plant_varieties"}


def test_a_rights_assistance_centre_is_not_an_ip_protection_centre(corpus):
    luohe = next(d for d in corpus.documents if d.id == "luohe")
    centre = [m for p in luohe.provisions for m in p.measures if m["measure"] == "ip_protection_centre"]
    assert centre == []
    assert "luohe" in adopters(corpus, "rights_assistance")


def test_civil_and_criminal_judicial_protection_is_not_admin_criminal_linkage(corpus):
    tagged = {m.measure for m in default_tagger().tag("加强民事、刑事司法保护，依法严惩恶意侵权、重复侵权行为。")}
    assert "admin_criminal_linkage" not in tagged
    # Luohe (二) does adopt it, in the sentence about transferring cases
    luohe = next(d for d in corpus.documents if d.id == "luohe")
    linkage = [p for p in luohe.provisions if any(m["measure"] == "admin_criminal_linkage" for m in p.measures)]
    assert [p.number for p in linkage] == ["（二）"] and "行政执法与刑事司法无缝衔接" in linkage[0].text


def test_adopts_evidence_points_at_the_matched_wording_in_the_source_file(corpus):
    for d in corpus.documents:
        source = read_source(d.file).text
        for p in d.provisions:
            for m in p.measures:
                a, b = m["span"]
                assert source[a:b].replace("\n", "") == m["matched"].replace("\n", ""), (p.id, m)


def test_domain_terms_stay_whole_in_tokenisation():
    tokens = [t for t, _, _ in default_tagger().tokens("积极推行技术调查官参与行政裁决案件办理，推广区块链存证")]
    assert "技术调查官" in tokens


def test_a_term_inside_a_longer_word_does_not_fire():
    # 仲裁 must not fire inside 仲裁委 as a responsibility clause would… and 保险 alone is no IP insurance
    assert "ip_insurance" not in {m.measure for m in default_tagger().tag("鼓励保险机构参与社会治理。")}


@pytest.mark.parametrize("entry,problem", [
    ('id = "Bad Id"\nlabel_zh="x"\nlabel_en="x"\ndefinition="x"\nthemes=["strict"]\nterms=["x"]', "snake_case"),
    ('id = "a"\nlabel_zh="x"\nlabel_en="x"\ndefinition="x"\nthemes=["nonsense"]\nterms=["x"]', "unknown themes"),
    ('id = "a"\nlabel_zh="x"\nlabel_en="x"\ndefinition="x"\nthemes=["strict"]\npatterns=["("]', "bad regex"),
    ('id = "a"\nlabel_zh="x"\nlabel_en="x"\ndefinition="x"\nthemes=["strict"]', "needs terms or patterns"),
    ('id = "a"\nlabel_en="x"\ndefinition="x"\nthemes=["strict"]\nterms=["x"]', "missing 'label_zh'"),
])
def test_a_malformed_codebook_is_refused_naming_file_and_measure(tmp_path, entry, problem):
    path = tmp_path / "measures.toml"
    path.write_text("[[measures]]\n" + entry + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        parse_codebook(path, {t["id"] for t in themes()})
    assert problem in str(err.value) and "measures.toml" in str(err.value) and "measures[0]" in str(err.value)


def test_tokenising_only_the_blocks_around_a_hit_gives_jiebas_whole_text_boundaries(corpus):
    """The tagger tokenises only the blocks a term falls in: every offset of every provision
    (bundled corpus and unseen genre documents, mixed scripts, digits, punctuation) must be a
    boundary exactly when jieba over the whole text makes it one."""
    from pathlib import Path
    tagger = default_tagger()
    texts = [p.body_norm for d in corpus.documents for p in d.provisions]
    genre = Path(__file__).parent / "data" / "genre"
    texts += [read_source(f).norm for f in sorted(genre.rglob("*.txt"))]
    texts += ["AI+知识产权2.0版，技术调查官%50-60。", "", "，", "a.b_c技术调查官"]
    for text in texts:
        whole, at = tagger.boundaries(text), tagger.boundary_test(text)
        assert [i for i in range(len(text) + 1) if at(i) != (i in whole)] == [], text[:40]


def _provision_and_genre_texts(corpus, *extra: str) -> list[str]:
    """Every provision's text of the bundled corpus, every genre document whole, and `extra`."""
    from pathlib import Path
    genre = Path(__file__).parent / "data" / "genre"
    return ([p.text for d in corpus.documents for p in d.provisions]
            + [read_source(f).text for f in sorted(genre.rglob("*.txt"))] + list(extra))


def test_a_documents_memo_of_cuts_gives_jiebas_own_tokens(corpus):
    """Each block cut through the memo is what jieba's own cut gives for it, on every block of
    the corpora's texts (tagging's token boundaries rest on this)."""
    import jieba
    tagger = default_tagger()
    texts = _provision_and_genre_texts(corpus, "AI+知识产权2.0版，技术调查官%50-60。\r\n  x", "", "，")
    cuts = tagger.cuts()
    for text in texts:
        for block in jieba.re_han_default.findall(text):
            assert list(cuts.block(block)) == tagger.tokenizer.lcut(block), block
            assert list(cuts.block(block)) == tagger.tokenizer.lcut(block), block    # from the memo


def test_a_term_known_whole_without_cutting_is_whole_in_jiebas_own_cut(corpus):
    """Tagging mostly knows a term occurrence is whole (jieba keeps it one token) without cutting
    its block: wherever it says so, jieba's own cut of the whole text agrees, and whole_test
    answers as jieba's boundaries do for every occurrence of every term in the corpora's texts."""
    import bisect
    import jieba
    tagger = default_tagger()
    texts = _provision_and_genre_texts(corpus, "知识产权保险产品，专利权质押，技术调查官制度", "保险")
    sure = occurrences = 0
    for text in texts:
        bounds = tagger.boundaries(text)
        whole = tagger.whole_test(text)
        blocks = [m.span() for m in jieba.re_han_default.finditer(text)]
        starts = [a for a, _ in blocks]
        for end, (term, _) in tagger._terms.iter(text):
            a, b = end - len(term) + 1, end + 1
            occurrences += 1
            assert whole(a, b) == (a in bounds and b in bounds), (text[max(0, a - 5):b + 5], term)
            k = bisect.bisect_right(starts, a) - 1
            if k >= 0 and tagger._surely_whole(text, a, b, *blocks[k]):
                sure += 1
                assert a in bounds and b in bounds, (text[max(0, a - 5):b + 5], term)
    assert occurrences > 1000 and sure > occurrences / 2          # most are known without cutting
    t = "发展知识产权保险产品"
    assert not tagger.whole_test(t)(t.index("保险"), t.index("保险") + 2)     # inside 知识产权保险


def test_every_match_of_a_codebook_pattern_holds_one_of_its_anchors(corpus):
    """A pattern is tried only on texts holding one of its anchors: that is safe only if every
    match holds one, checked for every pattern and exclusion of the codebook on the corpora."""
    from policykg.loaders.tagging import anchors
    tagger = default_tagger()
    texts = _provision_and_genre_texts(corpus)
    matched = 0
    for m in tagger.codebook.measures:
        for pattern in (*m.patterns, *m.exclude):
            lits = anchors(pattern)
            assert lits, f"{m.id}: {pattern.pattern} has no anchor, so it is tried on every text"
            for text in texts:
                for found in pattern.finditer(text):
                    matched += 1
                    assert any(lit in found.group(0) for lit in lits), (m.id, pattern.pattern, found.group(0))
    assert matched > 200


def _reference_terms(text: str) -> list[str]:
    """Search terms written out plainly: each run of Chinese as its overlapping pairs (a lone
    character as itself), each Latin word or number lower-cased, stopwords left out."""
    import re
    from policykg.loaders.reading import to_simplified
    from policykg.loaders.search_terms import stopwords
    zh, en = stopwords()
    out = []
    for run in re.findall(r"[\u4e00-\u9fa5]+|[A-Za-z0-9]+", to_simplified(text)):
        if re.match(r"[A-Za-z0-9]", run):
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out += [run[i:i + 2] for i in range(len(run) - 1)]
    return [t for t in out if t not in zh and t not in en]


def test_search_terms_are_a_texts_bigrams_and_words_without_stopwords(corpus):
    from collections import Counter
    from policykg.loaders.search_terms import counts, terms
    texts = _provision_and_genre_texts(corpus, "推广區塊鏈存證技术，和 Blockchain、THE 的 AI+知识产权2.0版", "", " 、", "链")
    for text in texts:
        assert terms(text) == _reference_terms(text), text[:40]
        assert counts(text) == Counter(_reference_terms(text)), text[:40]
    assert terms("推广區塊鏈存證，和 THE Blockchain") == ["推广", "广区", "区块", "块链", "链存", "存证", "blockchain"]


def test_a_phrase_of_a_text_asks_only_for_terms_the_text_holds(corpus):
    """Whatever words a question is cut into, the terms of a phrase copied from a provision are
    all among that provision's terms, so a question quoting a text always finds it."""
    import random
    from policykg.loaders.search_terms import question_terms, terms
    tok = default_tagger().tokenizer
    rng = random.Random(7)
    texts = _provision_and_genre_texts(corpus)
    asked = 0
    for text in texts:
        held = set(terms(text))
        for _ in range(6):
            if len(text) < 4:
                break
            a = rng.randrange(len(text) - 2)
            b = min(len(text), a + rng.randint(2, 14))
            while a > 0 and text[a - 1:a + 1].isascii() and text[a - 1:a + 1].isalnum():
                a -= 1                     # not cutting a Latin word or a number: 2021 is not 1
            while b < len(text) and text[b - 1:b + 1].isascii() and text[b - 1:b + 1].isalnum():
                b += 1
            phrase = text[a:b]
            q = question_terms(tok, phrase)
            asked += bool(q)
            assert set(q) <= held, (phrase, sorted(set(q) - held))
    assert asked > 1000


def test_a_question_word_of_latin_and_chinese_asks_only_for_what_the_text_holds():
    """jieba keeps some words of both scripts whole (IC卡, B超, X光): read in their pieces, as a
    text's runs are, so a question quoting a text finds it (a lone 卡 was asked for before)."""
    from policykg.loaders.search_terms import question_terms, terms
    tok = default_tagger().tokenizer
    for text, phrase in [("推行IC卡管理办法", "IC卡管理"), ("开展B超检查", "B超检查"), ("配备X光机", "X光机"),
                         ("推进A股上市", "A股上市")]:
        q = question_terms(tok, phrase)
        assert q and set(q) <= set(terms(text)), (phrase, q, terms(text))
    assert question_terms(tok, "IC卡管理") == ["ic", "卡管", "管理"]


def test_a_question_asks_for_pairs_within_its_words():
    from policykg.loaders.search_terms import question_terms
    tok = default_tagger().tokenizer
    assert question_terms(tok, "哪些城市设立了技术调查官") == ["设立", "技术", "术调", "调查", "查官"]
    assert question_terms(tok, "区块链 存证") == ["区块", "块链", "存证"]                    # 区块|链 read as one
    assert question_terms(tok, "知识产权保险") == ["权保", "保险"]        # not the pairs of the stopword 知识产权
    assert question_terms(tok, "知识产权保护") == []                      # nothing but stopwords
    assert question_terms(tok, "税") == []                  # a lone character: the index holds it only alone
    assert question_terms(tok, "Blockchain evidence 區塊鏈") == ["blockchain", "evidence", "区块", "块链"]
    assert question_terms(tok, "的 和 the") == []


def test_a_parsed_document_comes_back_whole_from_a_parse_worker():
    """Workers send documents in a compact form (normalised text only where it differs, the body
    as a length, reuse offsets as an array): what arrives equals what was parsed, field by field."""
    import pickle
    from pathlib import Path
    from policykg.loaders.pipeline import load_corpus
    folders = [None, Path(__file__).parent / "data" / "genre"]
    differs = 0
    for folder in folders:
        for doc in load_corpus(folder).documents:
            back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
            assert back == doc
            for p, q in zip(doc.provisions, back.provisions):
                assert (q.text, q.norm, q.body_norm, q.reuse_clean) == (p.text, p.norm, p.body_norm, p.reuse_clean)
                differs += p.norm != p.text
    assert differs, "no provision whose normalised text differs from its text was tried"
