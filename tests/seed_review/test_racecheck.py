"""Controlled-interleaving checks (racecheck) for the seed-review queues.

Each corrected class is verified under the scheduler, and each known-bad
variant must be caught by the same scenario. The article's two original
classes are verified too: they have no race, and these checks say so.
"""

from pathlib import Path

import pytest

import racecheck
from snippets.seed_review import (
    producer_consumer,
    producer_consumer_bad,
    producer_consumer_blocking_bad,
    producer_consumer_nolock_bad,
    shared_counter,
    shared_counter_bad,
    thread_safe_queue,
    thread_safe_queue_bad,
    thread_safe_queue_close_notify_bad,
    thread_safe_queue_if_bad,
    thread_safe_queue_nolock_bad,
)
from tests.seed_review import scenarios
from tests.support.counterexamples import check_published

COUNTEREXAMPLE_DIR = Path(__file__).resolve().parents[2] / "snippets" / "seed_review" / "counterexamples"

# --- corrected ThreadSafeQueue and the variants that break it ---------------


def test_corrected_queue_conserves_items_under_every_interleaving():
    racecheck.verify(scenarios.two_producers_two_consumers(thread_safe_queue))


def test_corrected_queue_blocking_get_is_woken_by_put():
    racecheck.verify(scenarios.get_woken_by_put(thread_safe_queue))


def test_corrected_queue_get_timeout_never_hangs():
    racecheck.verify(scenarios.get_timeout_against_late_put(thread_safe_queue))


def test_corrected_queue_close_wakes_every_waiter():
    racecheck.verify(scenarios.close_wakes_every_getter(thread_safe_queue))


def test_corrected_queue_close_wakes_every_blocked_putter():
    racecheck.verify(scenarios.close_wakes_every_putter(thread_safe_queue))


def test_corrected_queue_timeouts_expire_when_nobody_helps():
    racecheck.verify(scenarios.timeouts_expire(thread_safe_queue))


def test_if_instead_of_while_is_caught():
    # IndexError: the woken getter pops from a deque another getter emptied.
    racecheck.expect_failure(
        scenarios.two_producers_two_consumers(thread_safe_queue_if_bad), kind="exception"
    )


def test_close_with_notify_instead_of_notify_all_is_caught():
    # One getter is woken; the other sleeps forever.
    racecheck.expect_failure(
        scenarios.close_wakes_every_getter(thread_safe_queue_close_notify_bad), kind="deadlock"
    )


# --- the article's ThreadSafeQueue, and the queue with the lock removed -----


def test_article_queue_has_no_race():
    # Precise verdict: the original is internally synchronized. Its defects
    # (O(n) dequeue, None for empty, polling) are API and cost, tested in
    # test_thread_safe_queue_bad.py.
    racecheck.verify(scenarios.enqueue_dequeue_conservation(thread_safe_queue_bad))


def test_queue_with_the_lock_removed_loses_items():
    # Two consumers read the same head: one item returned twice, one never.
    racecheck.expect_failure(
        scenarios.enqueue_dequeue_conservation(thread_safe_queue_nolock_bad), kind="invariant"
    )


def test_corrected_queue_is_linearizable():
    racecheck.verify(scenarios.fifo_linearizable(thread_safe_queue))


def test_article_queue_is_linearizable():
    racecheck.verify(scenarios.fifo_linearizable(thread_safe_queue_bad))


def test_queue_with_the_lock_removed_is_not_linearizable():
    racecheck.expect_failure(scenarios.fifo_linearizable(thread_safe_queue_nolock_bad), kind="invariant")


# --- producer-consumer -------------------------------------------------------


def test_corrected_producer_consumer_conserves_items_with_backpressure():
    racecheck.verify(scenarios.produce_consume_with_backpressure(producer_consumer))


def test_corrected_producer_consumer_never_deadlocks_consume_then_produce():
    # The scenario that deadlocks the blocking fix, run against the correction.
    racecheck.verify(scenarios.consume_then_produce(producer_consumer))


def test_sentinel_shutdown_stops_every_consumer():
    racecheck.verify(scenarios.sentinel_shutdown(consumers=2))


def test_one_sentinel_for_two_consumers_leaves_one_waiting():
    # The protocol's rule has teeth: one STOP per consumer, or a consumer hangs.
    racecheck.expect_failure(scenarios.sentinel_shutdown(consumers=2, stops=1), kind="deadlock")


def test_blocking_get_inside_the_lock_deadlocks():
    racecheck.expect_failure(
        scenarios.consume_then_produce(producer_consumer_blocking_bad), kind="deadlock"
    )


def test_article_producer_consumer_check_then_act_is_safe_under_its_lock():
    racecheck.verify(scenarios.last_item_two_consumers(producer_consumer_bad))


def test_removing_the_extra_lock_but_keeping_check_then_act_hangs():
    # The second consumer's get() waits on a queue the first one emptied.
    racecheck.expect_failure(
        scenarios.last_item_two_consumers(producer_consumer_nolock_bad), kind="deadlock"
    )


# --- shared counter (problem types: data races) ------------------------------


def test_locked_counter_loses_no_update():
    racecheck.verify(scenarios.two_adds(shared_counter))


def test_unlocked_counter_loses_an_update():
    racecheck.expect_failure(scenarios.two_adds(shared_counter_bad), kind="invariant")


# --- the failure reports published on the pages -----------------------------


@pytest.mark.parametrize("name", sorted(scenarios.COUNTEREXAMPLES))
def test_published_counterexample_still_fails_the_same_way(name):
    # Regenerate with UPDATE_COUNTEREXAMPLES=1 (tests/support/counterexamples.py).
    make, kind = scenarios.COUNTEREXAMPLES[name]
    check_published(make(), COUNTEREXAMPLE_DIR / f"{name}.txt", kind=kind, seed=0)


def test_channel_timeouts_expire_when_nobody_helps():
    racecheck.verify(scenarios.channel_timeouts_expire())
