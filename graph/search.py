"""Ranked full-text search over provisions: jieba tokens (with the codebook's domain
words) and BM25, written out here in a few lines so its scores are easy to explain.

>>> from policykg.loaders.tagging import default_tagger
>>> index = SearchIndex([{"id": "a", "text": "推广区块链存证技术"}, {"id": "b", "text": "加强商标保护"}],
...                     default_tagger().tokenizer)
>>> [r["id"] for r in index.search("区块链")]
['a']
"""
from __future__ import annotations

import math
from collections import Counter

from policykg.loaders.search_terms import provision_text, terms

class SearchIndex:
    def __init__(self, rows: list[dict], tokenizer=None, k1: float = 1.5, b: float = 0.75,
                 counted: list[Counter | None] | None = None):
        """`counted`: each row's term counts when the load has them already (counted in the parse
        workers, :func:`policykg.loaders.search_terms.terms`); rows without them are counted here."""
        self.rows = rows
        self._tokenizer = tokenizer
        self.k1, self.b = k1, b
        counted = counted or [None] * len(rows)
        self.docs = [c if c is not None else Counter(terms(self.tokenizer, provision_text(r.get("heading"), r["text"])))
                     for r, c in zip(rows, counted)]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(self.lengths) / len(self.lengths)) if rows else 0.0
        df: Counter = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(rows)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.postings = self._postings()

    def _postings(self) -> dict[str, list[int]]:
        """Term → the rows holding it: a question scores only the rows that share a term with it."""
        postings: dict[str, list[int]] = {}
        for i, d in enumerate(self.docs):
            for t in d:
                postings.setdefault(t, []).append(i)
        return postings

    @property
    def tokenizer(self):
        """jieba's tokenizer with the domain words: the one given, else the process's own,
        loaded when the first question needs it (a restart from the graph cache does not wait for it)."""
        if self._tokenizer is None:
            from policykg.loaders.tagging import default_tagger
            self._tokenizer = default_tagger().tokenizer
        return self._tokenizer

    def __getstate__(self):
        """Kept with a cached graph without its tokenizer (the process's own, on loading)."""
        return {k: v for k, v in self.__dict__.items() if k != "_tokenizer"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._tokenizer = None

    def search(self, query: str, limit: int = 20, relative: float = 0.35, coverage: float = 0.6) -> list[dict]:
        """Rows ranked by BM25 score. A row must hold query terms carrying at least `coverage`
        of the query's idf weight, and score at least `relative` × the best, so that a
        query answers with what it asks for rather than with everything that shares a word."""
        q = list(dict.fromkeys(terms(self.tokenizer, query)))
        if not q:
            return []
        weight = {t: self.idf.get(t, 0.0) for t in q}
        total = sum(weight.values())
        if total == 0:
            return []
        scored = []
        candidates = sorted(set().union(*(self.postings.get(t, ()) for t in q)))
        for i in candidates:
            d = self.docs[i]
            s, covered = 0.0, 0.0
            for t in q:
                f = d.get(t)
                if f:
                    covered += weight[t]
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg))
            if s > 0 and covered >= coverage * total:
                scored.append((s, i))
        if not scored:
            return []
        scored.sort(key=lambda x: (-x[0], self.rows[x[1]]["id"]))
        best = scored[0][0]
        return [{**self.rows[i], "score": round(s, 4)} for s, i in scored[:limit] if s >= relative * best]
