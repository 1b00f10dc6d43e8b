"""The jurisdiction hierarchy, walked once: cycles found, depths and ancestry answered in
constant time, whatever its depth (a chain 5,000 deep checks in milliseconds).

>>> from policykg.loaders.manifest import Jurisdiction
>>> h = Hierarchy({"china": Jurisdiction("china", "中国", "China", "national"),
...                "henan": Jurisdiction("henan", "河南省", "Henan", "province", "china"),
...                "luoyang": Jurisdiction("luoyang", "洛阳市", "Luoyang", "city", "henan")})
>>> h.is_ancestor("china", "luoyang"), h.is_ancestor("luoyang", "china"), h.depth("luoyang")
(True, False, 2)
>>> h.chain("luoyang", 1), h.ancestor_at("province", "luoyang")
(['luoyang', 'henan'], 'henan')
"""
from __future__ import annotations


class HierarchyCycle(ValueError):
    def __init__(self, cycle: list[str]):
        self.cycle = cycle
        super().__init__(" → ".join(cycle))


class Hierarchy:
    """Parents by id; raises :class:`HierarchyCycle` when the parents loop."""

    def __init__(self, jurisdictions: dict):
        self.jurisdictions = jurisdictions
        self.parent = {j.id: j.parent for j in jurisdictions.values()}
        self._depth: dict[str, int] = {}
        children: dict[str | None, list[str]] = {}
        for jid, parent in self.parent.items():
            children.setdefault(parent if parent in self.parent else None, []).append(jid)
        # an Euler tour from the roots, iterative: entry and exit times give ancestry in O(1)
        self._enter: dict[str, int] = {}
        self._exit: dict[str, int] = {}
        clock = 0
        stack: list[tuple[str, int, bool]] = [(r, 0, False) for r in reversed(children.get(None, []))]
        while stack:
            jid, depth, done = stack.pop()
            if done:
                self._exit[jid] = clock
                clock += 1
                continue
            self._enter[jid] = clock
            self._depth[jid] = depth
            clock += 1
            stack.append((jid, depth, True))
            stack.extend((c, depth + 1, False) for c in reversed(children.get(jid, [])))
        if len(self._enter) < len(self.parent):     # what no root reaches lies on a cycle
            raise HierarchyCycle(self._a_cycle(next(j for j in self.parent if j not in self._enter)))

    def _a_cycle(self, start: str) -> list[str]:
        seen: dict[str, int] = {}
        path: list[str] = []
        cur = start
        while cur not in seen:
            seen[cur] = len(path)
            path.append(cur)
            cur = self.parent[cur]
        return path[seen[cur]:] + [cur]

    def depth(self, jid: str) -> int:
        return self._depth[jid]

    def is_ancestor(self, ancestor: str, jid: str) -> bool:
        """Whether `ancestor` lies strictly above `jid`."""
        if ancestor == jid or ancestor not in self._enter or jid not in self._enter:
            return False
        return self._enter[ancestor] < self._enter[jid] and self._exit[jid] < self._exit[ancestor]

    def chain(self, jid: str, depth: int) -> list[str]:
        """The jurisdiction and up to `depth` of its ancestors, nearest first."""
        out = [jid]
        while len(out) <= depth and self.parent.get(out[-1]) in self.parent:
            out.append(self.parent[out[-1]])
        return out

    def ancestor_at(self, level: str, jid: str | None) -> str | None:
        """The nearest jurisdiction at `level` from `jid` upward (itself included)."""
        steps = 0
        while jid is not None and jid in self.jurisdictions and steps <= len(self.parent):
            if self.jurisdictions[jid].level == level:
                return jid
            jid = self.parent[jid]
            steps += 1
        return None
