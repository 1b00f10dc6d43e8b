"""Building a large graph without the cyclic garbage collector in the way.

Loading a graph allocates millions of small dicts, tuples and strings that all live on; each
allocation burst sets off the collector, which walks every object again to find none to free
(a third to a half of the time of unpickling a cached graph or building its networkx view).
Reference counting still frees everything as usual; only the cycle search waits until the last
building thread is done.

A server also asks for the graph to be *frozen* once built (:func:`gc.freeze`): the collector
then never walks the graph's millions of objects again, neither right after the load nor in a
full collection in the middle of a request. On the next load the previous graph is unfrozen
and collected once (one full collection, holding the interpreter for about a second at 3,000
documents, once per reload), then the new one frozen.

What this costs, knowingly: while a load runs the collector is off for the whole process, so
cyclic garbage of requests answered meanwhile waits for the end of the load; and the first
freeze collects nothing first (that would walk the whole new graph at start-up), so cyclic
garbage the first load left stays until the next reload. Both are small next to the graph.

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
_freeze = False


@contextmanager
def paused_gc(freeze: bool = False):
    """No cyclic collection while any thread is inside; then, if any of them asked to `freeze`,
    everything alive is frozen (what an earlier freeze held is collected first), and the
    collector is left as it was found."""
    global _holders, _was_enabled, _freeze
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
        _freeze = _freeze or freeze
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                if _freeze:
                    _freeze = False
                    if gc.get_freeze_count():
                        gc.unfreeze()        # the previous graph's cycles can go now...
                        gc.collect()
                    gc.freeze()              # ...and the new graph is never walked again
                if _was_enabled:
                    gc.enable()
