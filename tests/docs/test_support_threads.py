"""tests/support/threads.py fails fast instead of hanging, and reports errors."""

import threading

import pytest

from tests.support.threads import join_all, run_threads


def test_results_in_order():
    assert run_threads(lambda: 1, lambda: 2) == [1, 2]


def test_exception_in_a_thread_is_re_raised():
    with pytest.raises(ZeroDivisionError):
        run_threads(lambda: 1 / 0)


def test_blocked_thread_fails_within_the_timeout():
    never = threading.Event()
    try:
        with pytest.raises(AssertionError, match="still running"):
            run_threads(never.wait, timeout=0.2)
    finally:
        never.set()


def test_join_all_on_finished_threads():
    t = threading.Thread(target=lambda: None)
    t.start()
    join_all([t])
