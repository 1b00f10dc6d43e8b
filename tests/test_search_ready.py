"""The full-text index is ready before the first question: built by the load, swapped in with the graph."""
import threading

from policykg.graph.search import SearchIndex
from policykg.loaders.tagging import default_tagger


def test_the_load_builds_the_index_from_exactly_what_the_store_holds(service):
    """On both stores: the rows the load indexed are the rows the store answers, in order."""
    index = service._index
    assert index is not None                                      # no question asked it into being
    assert index.rows == service.store.query("all_provisions")
    lazy = SearchIndex(service.store.query("all_provisions"), default_tagger().tokenizer)
    for q in ("区块链 存证", "技术调查官", "惩罚性赔偿"):
        assert service.search(q) == lazy.search(q)


def test_concurrent_first_questions_build_one_index(nx_service, monkeypatch):
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    svc = PolicyService(NetworkxStore())
    svc.load()
    svc._index = None                                             # as on a server reading a Neo4j it did not load
    built = []
    real = SearchIndex.__init__

    def counting(self, *a, **kw):
        built.append(1)
        real(self, *a, **kw)
    monkeypatch.setattr(SearchIndex, "__init__", counting)
    threads = [threading.Thread(target=svc.search, args=("技术调查官",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1


def test_the_postings_score_exactly_the_rows_a_full_scan_would(nx_service):
    index = nx_service.search_index()
    full = SearchIndex.__new__(SearchIndex)
    full.__dict__.update(index.__dict__)
    full.postings = {t: list(range(len(index.docs))) for t in index.postings}    # every row for every term
    for q in ("知识产权 服务 体系", "区块链 存证", "技术调查官", "保护", "惩罚性赔偿 制度", "海外 维权 援助"):
        assert index.search(q) == full.search(q), q
