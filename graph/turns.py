"""Turns: at most `n` holders at once, served in the order they came, each waiting a bounded time.

A plain semaphore lets a newcomer take a slot just freed before a thread that has waited for it,
so under steady traffic some wait far longer than others. Here a thread takes a slot only when
it is first in line, and one that has waited `timeout` seconds leaves the line without a slot
(``take`` returns False: it goes ahead without one, the turns being a courtesy, not a lock).

>>> turns = Turns(1)
>>> turns.take(timeout=0.1), turns.take(timeout=0.05)      # the second finds the one slot taken
(True, False)
>>> turns.give_back()
>>> turns.take(timeout=0.1)
True
"""
from __future__ import annotations

import threading
import time
from collections import deque


class Turns:
    def __init__(self, n: int):
        if n < 1:
            raise ValueError("turns need at least one slot")
        self.n = n
        self.held = 0
        self._line: deque = deque()
        self._changed = threading.Condition()

    def take(self, timeout: float) -> bool:
        """Wait in line for a slot, at most `timeout` seconds: True with a slot, False without."""
        me = object()
        deadline = time.monotonic() + timeout
        with self._changed:
            self._line.append(me)
            try:
                while self._line[0] is not me or self.held >= self.n:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._changed.wait(left)
                self.held += 1
                return True
            finally:
                self._line.remove(me)
                self._changed.notify_all()       # the next in line may go now

    def give_back(self) -> None:
        with self._changed:
            self.held -= 1
            self._changed.notify_all()
