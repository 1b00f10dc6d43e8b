"""A readers–writer gate: many requests read at once; swapping in a new graph waits for
the requests in flight and holds new ones back until the new graph is whole.

Neo4j applies a committed transaction record by record, and a request may run several
queries: without the gate a request crossing a reload could read half of one graph and
half of the other. The gate makes a reload atomic for every request the API serves.
Writers go first: once one waits, new readers queue behind it, so reloads are not starved.
The gate is not tied to threads (a request may enter and leave on different ones), and
requests wait for it in the event loop (:meth:`ReadWriteGate.enter_reading`), not in a
worker thread: a request holding the gate never waits for a thread that a request
waiting for the gate holds.

>>> gate = ReadWriteGate()
>>> with gate.reading():
...     gate.readers
1
>>> with gate.writing():
...     gate.writer
True
"""
from __future__ import annotations

import asyncio
import threading
import time
from contextlib import contextmanager

from policykg.graph.errors import Busy, StoreUnavailable


class ReadWriteGate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.readers = 0
        self.writer = False
        self._waiting_writers = 0

    def try_read(self) -> bool:
        """Enter as a reader if no writer holds or waits for the gate; ``False`` otherwise."""
        with self._cond:
            if self.writer or self._waiting_writers:
                return False
            self.readers += 1
            return True

    def leave_reading(self) -> None:
        with self._cond:
            self.readers -= 1
            if not self.readers:
                self._cond.notify_all()

    async def enter_reading(self, timeout: float = 60.0, poll: float = 0.005) -> None:
        """Enter as a reader from the event loop, waiting without holding a thread; after
        `timeout` seconds of a swap that does not end, give up with StoreUnavailable (503)."""
        deadline = time.monotonic() + timeout
        while not self.try_read():
            if time.monotonic() > deadline:
                raise StoreUnavailable(f"a new graph is being swapped in and took over {timeout:.0f}s; try again")
            await asyncio.sleep(poll)

    @contextmanager
    def reading(self):
        with self._cond:
            while self.writer or self._waiting_writers:
                self._cond.wait()
            self.readers += 1
        try:
            yield
        finally:
            self.leave_reading()

    @contextmanager
    def writing(self, timeout: float = 120.0):
        """Enter as the writer once the readers in flight have left; if they have not within
        `timeout` seconds, give up with Busy (the caller's swap does not happen)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._waiting_writers += 1
            try:
                while self.writer or self.readers:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise Busy(f"requests in flight did not finish within {timeout:.0f}s; "
                                   "the new graph was not swapped in and the previous one stays")
                    self._cond.wait(left)
            finally:
                self._waiting_writers -= 1
                self._cond.notify_all()     # readers held back by this writer may go on
            self.writer = True
        try:
            yield
        finally:
            with self._cond:
                self.writer = False
                self._cond.notify_all()
