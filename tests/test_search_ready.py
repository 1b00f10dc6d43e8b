"""The full-text index is ready before the first question: built by the load, swapped in with the graph."""
import threading

import pytest

from policykg.graph.search import SearchIndex
from policykg.loaders.tagging import default_tagger


def test_the_load_builds_the_index_from_exactly_what_the_store_holds(service):
    """On both stores: the rows the load indexed are the rows the store answers, in order."""
    index = service._index_state[1]
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
    svc._index_state = (None, None)                               # as on a server reading a Neo4j it did not load
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


def _full_scan(rows, q_text, limit=20, relative=0.35, coverage=0.6, k1=1.5, b=0.75):
    """BM25 over every row, the row's terms counted afresh: the reference the index must equal."""
    import math
    from collections import Counter
    from policykg.loaders.search_terms import provision_text, question_terms, terms
    tok = default_tagger().tokenizer
    docs = [Counter(terms(provision_text(r.get("heading"), r["text"]))) for r in rows]
    lengths = [sum(d.values()) for d in docs]
    avg = sum(lengths) / len(lengths)
    df = Counter(t for d in docs for t in d)
    idf = {t: math.log(1 + (len(rows) - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    q = question_terms(tok, q_text)
    weight = {t: idf.get(t, 0.0) for t in q}
    total = sum(weight.values())
    scored = []
    for i, d in enumerate(docs):
        s = covered = 0.0
        for t in q:
            if d.get(t):
                covered += weight[t]
                s += idf[t] * d[t] * (k1 + 1) / (d[t] + k1 * (1 - b + b * lengths[i] / avg))
        if s > 0 and covered >= coverage * total:
            scored.append((s, i))
    scored.sort(key=lambda x: (-x[0], rows[x[1]]["id"]))
    return [{**rows[i], "score": round(s, 4)} for s, i in scored[:limit] if s >= relative * scored[0][0]] if scored else []


@pytest.mark.parametrize("row_at_a_time", [0, 4, 10 ** 9])     # always row at a time, as shipped, never
def test_the_postings_score_exactly_the_rows_a_full_scan_would(nx_service, row_at_a_time, monkeypatch):
    index = nx_service.search_index()
    monkeypatch.setattr(index, "row_at_a_time", row_at_a_time)
    for q in ("知识产权 服务 体系", "区块链 存证", "技术调查官", "保护", "惩罚性赔偿 制度", "海外 维权 援助", "無此詞語 xyz"):
        assert index.search(q) == _full_scan(index.rows, q), q
    assert index.search("商标") and index.search("区块链 存证")          # the questions do find rows


def test_scoring_as_vectors_gives_the_loops_scores_to_the_last_bit(nx_service, monkeypatch):
    """Term at a time (numpy) and row at a time (a loop over each row's terms) give the very same
    unrounded scores for every row they keep, and keep the same rows."""
    index = nx_service.search_index()
    kept: dict[int, list] = {}

    def ranked(scored, limit, relative):
        kept[index.row_at_a_time] = sorted(scored)
        return []
    monkeypatch.setattr(index, "_ranked", ranked)
    for q in ("知识产权 服务 体系", "区块链 存证", "惩罚性赔偿 制度", "海外 维权 援助", "商标"):
        kept.clear()
        for way in (0, 10 ** 9):                  # always row at a time; always term at a time
            monkeypatch.setattr(index, "row_at_a_time", way)
            index.search(q, limit=10 ** 6)
        assert kept[0] and kept[0] == kept[10 ** 9], q


def test_a_limit_of_nothing_finds_nothing(nx_service):
    assert nx_service.search_index().search("知识产权 服务 体系", limit=0) == []
