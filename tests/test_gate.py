"""The readers–writer gate that makes a reload atomic for requests."""
import asyncio
import threading
import time

import pytest

from policykg.gate import ReadWriteGate
from policykg.graph.errors import Busy, StoreUnavailable


def test_a_writer_waits_for_readers_in_flight_and_holds_new_ones_back():
    gate = ReadWriteGate()
    order = []
    with gate.reading():
        writer = threading.Thread(target=lambda: gate.writing().__enter__() or order.append("writer in"))
        writer.start()
        time.sleep(0.1)
        assert order == [] and not gate.try_read()      # the writer waits; a new reader is held back
        order.append("reader out")
    writer.join(5)
    assert order == ["reader out", "writer in"]


def test_a_writer_that_waits_too_long_gives_up_and_lets_readers_on():
    gate = ReadWriteGate()
    with gate.reading():
        with pytest.raises(Busy, match="previous one stays"):
            with gate.writing(timeout=0.2):
                pass
        assert gate.try_read()                           # no writer left waiting
        gate.leave_reading()
    assert gate.readers == 0 and not gate.writer


def test_a_reader_waiting_on_a_swap_that_never_ends_gets_a_503():
    gate = ReadWriteGate()
    with gate.writing():
        with pytest.raises(StoreUnavailable, match="try again"):
            asyncio.run(gate.enter_reading(timeout=0.2))
    assert gate.readers == 0


def test_readers_waiting_in_the_event_loop_hold_no_thread():
    gate = ReadWriteGate()

    async def many():
        with gate.writing():
            waiting = [asyncio.create_task(gate.enter_reading()) for _ in range(500)]
            await asyncio.sleep(0.05)
            assert not any(t.done() for t in waiting)
        await asyncio.gather(*waiting)

    threads = threading.active_count()
    asyncio.run(many())
    assert gate.readers == 500 and threading.active_count() == threads
