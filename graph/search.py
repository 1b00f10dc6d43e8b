"""Ranked full-text search over provisions: character bigrams (a question's bigrams taken within
its words, :mod:`policykg.loaders.search_terms`) and BM25, written out here in a few lines so its
scores are easy to explain.

The index is a posting list per term: the rows holding it and how often (two compact arrays),
so a question scores only the rows that share a term with it, term by term, and the index of a
3,000-document corpus loads from the graph cache in a fraction of a second.

>>> from policykg.loaders.tagging import default_tagger
>>> index = SearchIndex([{"id": "a", "text": "推广区块链存证技术"}, {"id": "b", "text": "加强商标保护"}],
...                     default_tagger().tokenizer)
>>> [r["id"] for r in index.search("区块链")]
['a']
"""
from __future__ import annotations

import math
from array import array
from bisect import bisect_left

from policykg.loaders.search_terms import counts as term_counts, provision_text, question_terms


class SearchIndex:
    #: score candidates row at a time (a lookup per term) when they are this many times fewer
    #: than the postings a term-at-a-time pass would walk; both give the same scores
    row_at_a_time = 4

    def __init__(self, rows: list[dict], tokenizer=None, k1: float = 1.5, b: float = 0.75,
                 counted: list | None = None):
        """`counted`: each row's term counts when the load has them already (a Counter, or the
        parse workers' :class:`policykg.loaders.search_terms.TermCounts`); rows without them are
        counted here."""
        self.rows = rows
        self._tokenizer = tokenizer
        self.k1, self.b = k1, b
        counted = counted or [None] * len(rows)
        lists: dict[str, tuple[list[int], list[int]]] = {}
        lengths = []
        for i, (r, c) in enumerate(zip(rows, counted)):
            if c is None:
                c = term_counts(provision_text(r.get("heading"), r["text"]))
            lengths.append(sum(c.values()))
            for t, f in c.items():
                p = lists.get(t)
                if p is None:
                    lists[t] = p = ([], [])
                p[0].append(i)
                p[1].append(f)
        #: term → (rows holding it, its count in each), in row order
        self.postings = {t: (array("I", r), array("I", f)) for t, (r, f) in lists.items()}
        self.lengths = array("I", lengths)
        self.avg = (sum(lengths) / len(lengths)) if rows else 0.0
        # BM25's length normalisation per row, worked out once (rows with no terms at all: any
        # average will do, since no question finds them)
        avg = self.avg or 1.0
        self.norms = array("d", [k1 * (1 - b + b * n / avg) for n in lengths])

    def row_terms(self) -> dict[str, str]:
        """Each row's terms, space-separated, as many times as it holds them (term order is not
        kept: BM25 counts a bag of words), by row id."""
        parts: list[list[str]] = [[] for _ in self.rows]
        for t, (rows, counts) in self.postings.items():
            for i, f in zip(rows, counts):
                parts[i].extend([t] * f)
        return {r["id"]: " ".join(p) for r, p in zip(self.rows, parts)}

    def idf(self, term: str) -> float:
        """BM25's idf: log(1 + (N − n + 0.5) / (n + 0.5)), n the rows holding the term (0.0 for none)."""
        p = self.postings.get(term)
        if not p:
            return 0.0
        n, f = len(self.rows), len(p[0])
        return math.log(1 + (n - f + 0.5) / (f + 0.5))

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
        q = question_terms(self.tokenizer, query)
        if not q or limit <= 0:
            return []
        weight = {t: self.idf(t) for t in q}
        total = sum(weight.values())
        if total == 0:
            return []
        need = coverage * total
        k1p = self.k1 + 1
        norms = self.norms
        # A row must hold terms carrying `need` of the weight: one holding none of the heaviest
        # terms whose weight the others cannot make up fails, so only rows holding one of those
        # (`decisive`) are candidates; a question whose common words weigh little scores few rows.
        decisive, rest = [], total
        for t in sorted(q, key=lambda t: -weight[t]):
            if rest < need:
                break
            decisive.append(t)
            rest -= weight[t]
        everything = sum(len(self.postings[t][0]) for t in q if t in self.postings)
        # at most this many candidates (rows holding two decisive terms are counted twice)
        bound = sum(len(self.postings[t][0]) for t in decisive if t in self.postings)
        if bound * len(q) * self.row_at_a_time >= everything:
            return self._term_at_a_time(q, weight, need, limit, relative)
        candidates = set()
        for t in decisive:
            if t in self.postings:
                candidates.update(self.postings[t][0])
        scores: dict[int, float] = {}
        covered: dict[int, float] = {}
        for i in candidates:             # row at a time, looking each term up in its postings
            s = c = 0.0
            for t in q:
                p = self.postings.get(t)
                if not p:
                    continue
                rows = p[0]
                k = bisect_left(rows, i)
                if k < len(rows) and rows[k] == i:
                    f = p[1][k]
                    s += weight[t] * f * k1p / (f + norms[i])
                    c += weight[t]
            scores[i], covered[i] = s, c
        scored = [(s, i) for i, s in scores.items() if s > 0 and covered[i] >= need]
        return self._ranked(scored, limit, relative)

    def _ranked(self, scored: list[tuple[float, int]], limit: int, relative: float) -> list[dict]:
        if not scored:
            return []
        scored.sort(key=lambda x: (-x[0], self.rows[x[1]]["id"]))
        best = scored[0][0]
        return [{**self.rows[i], "score": round(s, 4)} for s, i in scored[:limit] if s >= relative * best]

    def _term_at_a_time(self, q: list[str], weight: dict, need: float, limit: int, relative: float) -> list[dict]:
        """Every row holding a query term scored at once, term by term in the question's order, as
        vectors (numpy): the same sums in the same order as a loop over the postings, so the same
        scores to the last bit, at a question of common words' cost of a few milliseconds where the
        loop took tens."""
        import numpy as np
        k1p = self.k1 + 1
        norms = np.frombuffer(self.norms, dtype=np.float64) if len(self.norms) else np.zeros(0)
        scores = np.zeros(len(self.rows))
        covered = np.zeros(len(self.rows))
        for t in q:
            p = self.postings.get(t)
            if not p or not len(p[0]):
                continue
            rows = np.frombuffer(p[0], dtype=f"u{p[0].itemsize}")      # array("I"): the platform's unsigned int
            f = np.frombuffer(p[1], dtype=f"u{p[1].itemsize}").astype(np.float64)
            w = weight[t]
            scores[rows] += w * f * k1p / (f + norms[rows])
            covered[rows] += w
        held = np.flatnonzero((scores > 0) & (covered >= need))
        if len(held) > limit:
            # the best `limit` scores and every row tied with the last of them (ties go by id)
            cut = np.partition(scores[held], len(held) - limit)[len(held) - limit]
            held = held[scores[held] >= cut]
        return self._ranked([(float(scores[i]), int(i)) for i in held], limit, relative)
