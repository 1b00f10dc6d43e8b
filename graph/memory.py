"""Building a large graph without the cyclic garbage collector in the way.

Loading a graph allocates hundreds of thousands of small dicts and tuples that all live on;
each allocation burst sets off the collector, which walks every object again to find none to
free (a third to a half of the time of unpickling a cached graph or building its networkx view).
Reference counting still frees everything as usual; only the cycle search waits until the last
building thread is done.

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = True


@contextmanager
def paused_gc():
    """No cyclic collection while any thread is inside; the collector's own state after."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
