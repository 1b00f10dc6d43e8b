"""Resolve citations to documents: the corpus document a title or 文号 names, or a cited-document node.

Titles are compared by :func:`loaders.citations.title_key` (brackets 〔〕[]（）, traditional and
simplified, nested quotes and spaces all normalised). A 文号 seen beside a title anywhere in
the corpus identifies that title everywhere. Each cited document gets what can be known of it
(:func:`loaders.cited.describe`), and when its title says it carries out another titled
document (贯彻落实〈X〉…), an IMPLEMENTS chain to X — so chains form between cited documents too.

>>> from policykg.loaders.pipeline import load_corpus
>>> r = CitationResolver(load_corpus())
>>> r.resolve("2023-2025年贯彻落实<关于进一步强化全市知识产权保护的具体措施>推进计划", None, "hanyang")
'cited:武知战办〔2023〕4号'
>>> r.chains[0][:2]
('cited:武知战办〔2023〕4号', 'cited:武办发〔2020〕16号')
"""
from __future__ import annotations

from collections import Counter

from policykg.graph.ids import cited_id
from policykg.loaders.cited import carried_out, describe
from policykg.loaders.citations import title_key
from policykg.loaders.reading import to_simplified
from policykg.loaders.pipeline import Corpus


class CitationResolver:
    def __init__(self, corpus: Corpus):
        self.jurisdictions = corpus.jurisdictions
        self.by_key: dict[str, str] = {}
        self.cited: dict[str, dict] = {}
        self.chains: list[tuple[str, str, str]] = []   # (from, to, evidence)
        for d in corpus.documents:
            self.by_key[title_key(d.title)] = d.id
            for a in d.aliases:
                self.by_key.setdefault(title_key(a), d.id)
            if d.doc_number:
                self.by_key[d.doc_number] = d.id
        self.spellings: dict[str, Counter] = {}      # cited node id -> every spelling of its title
        numbers: dict[str, Counter] = {}
        for d in corpus.documents:
            for c in d.citations:
                if c.title and c.doc_number:
                    numbers.setdefault(title_key(c.title), Counter())[c.doc_number] += 1
        self.number_of = {key: most_usual(counts) for key, counts in numbers.items()}

    def resolve(self, title: str | None, number: str | None, citing_jurisdiction: str | None) -> str | None:
        """The node id a citation names, creating a cited-document node when needed."""
        key = title_key(title) if title else None
        number = number or (self.number_of.get(key) if key else None)
        for k in (number, key):
            if k and k in self.by_key:
                found = self.by_key[k]
                if found in self.cited:
                    self._enrich(found, title, number)
                return found
        if not key and not number:
            return None
        node_id = cited_id(number or key)
        if node_id in self.cited:          # two keys made safe alike (A/B, A?B): keep them apart
            node_id = cited_id(f"{number or key}#{len(self.cited)}")
        info = describe(title, number, citing_jurisdiction, self.jurisdictions)
        self.cited[node_id] = {"id": node_id, "title": title, "title_key": key, "doc_number": number,
                               "in_corpus": False, **info, "issuer": [info["issuer"]] if info["issuer"] else []}
        if title:
            self.spellings[node_id] = Counter({title: 1})
        for k in (number, key):
            if k:
                self.by_key[k] = node_id
        for parent in carried_out(title or ""):
            target = self.resolve(parent, None, info["jurisdiction"] or citing_jurisdiction)
            if target and target != node_id:
                self.chains.append((node_id, target, title))
        return node_id

    def _enrich(self, node_id: str, title: str | None, number: str | None) -> None:
        node = self.cited[node_id]
        if title:
            self.spellings.setdefault(node_id, Counter())[title] += 1
            node["title"] = most_usual(self.spellings[node_id])
            node["title_key"] = title_key(node["title"])
        if number and not node["doc_number"]:
            node["doc_number"] = number


def most_usual(spellings: Counter) -> str:
    """The spelling a node shows: the one in simplified characters when any citation wrote it
    so (fewest traditional characters), then the most frequent, then the first in code-point
    order — never the order documents happened to be listed in.

    >>> most_usual(Counter({"知識產權強國建設綱要": 3, "知识产权强国建设纲要": 1}))
    '知识产权强国建设纲要'
    >>> most_usual(Counter({"关于X的意见": 1, "关于 X 的意见": 2}))
    '关于 X 的意见'
    """
    def traditional(s: str) -> int:
        return sum(a != b for a, b in zip(s, to_simplified(s)))
    return min(spellings, key=lambda s: (traditional(s), -spellings[s], s))
