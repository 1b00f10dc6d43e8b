"""Turns: at most n at once, in the order they came, each waiting a bounded time."""
import threading
import time

from policykg.graph.turns import Turns


def test_at_most_n_hold_at_once_and_they_go_in_the_order_they_came():
    turns, order, lock = Turns(2), [], threading.Lock()
    most, holding = [0], [0]
    assert turns.take(1) and turns.take(1)          # both slots taken: the rest must line up

    def reader(k):
        assert turns.take(timeout=10)
        with lock:
            order.append(k)
            holding[0] += 1
            most[0] = max(most[0], holding[0])
        time.sleep(0.01)
        with lock:
            holding[0] -= 1
        turns.give_back()
    threads = []
    for k in range(12):
        threads.append(threading.Thread(target=reader, args=(k,)))
        threads[-1].start()
        time.sleep(0.02)                             # each lines up after the one before
    turns.give_back()
    turns.give_back()
    for t in threads:
        t.join(10)
    assert order == list(range(12))
    assert most[0] <= 2


def test_a_newcomer_does_not_take_a_slot_from_the_line():
    turns = Turns(1)
    assert turns.take(1)
    got = []
    waiter = threading.Thread(target=lambda: got.append(turns.take(timeout=5)))
    waiter.start()
    time.sleep(0.1)                                  # the waiter is in line
    turns.give_back()
    assert turns.take(timeout=0) is False            # a newcomer gets nothing before the one in line
    waiter.join(5)
    assert got == [True]


def test_a_wait_is_bounded_and_leaves_the_line():
    turns = Turns(1)
    assert turns.take(1)
    began = time.monotonic()
    assert turns.take(timeout=0.2) is False
    assert 0.2 <= time.monotonic() - began < 2
    turns.give_back()
    assert turns.take(timeout=0.1)                   # the one that gave up holds no place in line
