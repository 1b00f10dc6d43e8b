"""Full-text search on Neo4j: the load keeps each provision's terms beside it, a server that did
not load builds its index from them without tokenising, and Neo4j's own full-text index over
the same terms ranks provisions as the API's index does."""
import os

import pytest

from policykg.graph.neo4j_store import Neo4jStore
from policykg.loaders.search_terms import question_terms
from policykg.loaders.tagging import default_tagger
from policykg.service import PolicyService

QUESTIONS = ["区块链 存证", "技术调查官", "惩罚性赔偿", "知识产权 服务 体系", "海外 维权 援助", "商标 保护",
             "专利 导航", "快速 维权 中心", "行政 执法 刑事 司法 衔接", "知识产权 质押 融资", "侵权 假冒",
             "人才 培养", "商业秘密", "地理标志", "电子商务 平台"]


@pytest.fixture(scope="module")
def loaded(neo4j_uri):
    store = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
    svc = PolicyService(store)
    svc.load()                       # writes the terms (other tests may have loaded graphs without them)
    yield svc
    store.close()


def test_a_server_that_did_not_load_builds_its_index_from_the_stored_terms(loaded, neo4j_uri, monkeypatch):
    import policykg.graph.search as search_module
    other = PolicyService(Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")))
    try:
        def no_tokenising(*_):
            raise AssertionError("the index was built by tokenising the provisions again")
        monkeypatch.setattr(search_module, "term_counts", no_tokenising)
        index = other.search_index()
        monkeypatch.undo()
        assert len(index.rows) == len(loaded.search_index().rows) > 100
        for q in QUESTIONS:
            assert other.search(q) == loaded.search(q), q
    finally:
        other.store.close()


def test_neo4js_fulltext_index_ranks_as_the_apis_index(loaded):
    """Lucene's BM25 over the same terms: the same best provision for most questions and most of
    the same ten (the two differ in BM25's k1 and in Lucene's one-byte length norms)."""
    index, store, tok = loaded.search_index(), loaded.store, default_tagger().tokenizer
    overlaps, same_best = [], 0
    for q in QUESTIONS:
        ours = [r["id"] for r in index.search(q, limit=10, relative=0.0, coverage=0.0)]
        theirs = [r["id"] for r in store.fulltext(question_terms(tok, q), limit=10)]
        assert ours and theirs, q
        overlaps.append(len(set(ours) & set(theirs)) / len(ours))
        same_best += ours[0] == theirs[0]
    print(f"overlap@10 mean {sum(overlaps) / len(overlaps):.2f}, same best {same_best}/{len(QUESTIONS)}")
    assert sum(overlaps) / len(overlaps) >= 0.8, overlaps
    assert same_best >= 0.8 * len(QUESTIONS), same_best


def test_no_question_is_read_as_lucene_syntax(loaded):
    for hostile in (['"'], ["\\"], ["AND"], ["*"], ["a:b"], ["~"], ["("], ['x" OR "y'], ["\\\""], ["专利", "*:*"]):
        rows = loaded.store.fulltext(hostile, limit=5)
        assert isinstance(rows, list)
    assert loaded.store.fulltext(["*:*"], limit=5) == []          # not "everything"


def test_terms_counted_in_another_scheme_are_counted_again_from_the_text(loaded, neo4j_uri):
    """A graph loaded by a version that counted its terms another way: its stored terms are not
    read as this version's (which would ask questions of terms the index does not hold); the
    server counts them from the provisions' text and answers as the loading server does."""
    store = loaded.store
    assert store.search_terms()                              # this version's terms are read
    store.driver.execute_query("MATCH (g:PolicyKGGeneration {id: 'current'}) SET g.terms = $t", t="words-0")
    other = PolicyService(Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")))
    try:
        assert store.search_terms() == {}
        assert store.fulltext(["区块", "块链"], limit=5) == []           # nor are they searched
        for q in QUESTIONS:
            assert other.search(q) == loaded.search(q), q
    finally:
        other.store.close()
        from policykg.loaders.search_terms import SCHEME
        store.driver.execute_query("MATCH (g:PolicyKGGeneration {id: 'current'}) SET g.terms = $t", t=SCHEME)
