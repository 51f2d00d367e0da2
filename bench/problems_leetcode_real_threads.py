"""Do real threads catch the LeetCode set's known-bad variants? racecheck does.

For every known-bad module of docs/problems/leetcode/, this runs the very
scenario its test uses (the judge's threads and the same check) in two ways:

* real threads, via racecheck.stress_scenario: --rounds rounds, each with a
  Barrier start and a one-microsecond switch interval; a round that does not
  finish within --timeout seconds counts as a hang (a deadlock or livelock
  found). It stops at the first failing round.
* racecheck.expect_failure (controlled interleavings, default budget, seed 0):
  how many schedules it ran until the first failure, and how long that took.

    .venv/bin/python bench/problems_leetcode_real_threads.py [--rounds 300] [--timeout 0.5]

A hung round leaves its daemon threads behind (Python cannot kill a thread),
so run this as its own process, not inside the test suite.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import racecheck  # noqa: E402
from bench.machine import banner  # noqa: E402
from snippets.problems.leetcode import (  # noqa: E402
    p1114_print_in_order_busywait_bad,
    p1114_print_in_order_if_wait_bad,
    p1114_print_in_order_semaphore_default_bad,
    p1115_print_foobar_alternately_late_clear_bad,
    p1115_print_foobar_alternately_lock_only_bad,
    p1116_print_zero_even_odd_notify_bad,
    p1117_building_h2o_no_barrier_bad,
    p1188_bounded_blocking_queue_if_wait_bad,
    p1188_bounded_blocking_queue_one_condition_bad,
    p1195_fizz_buzz_multithreaded_notify_bad,
    p1226_dining_philosophers_left_first_bad,
    p1242_web_crawler_multithreaded_check_then_act_bad,
    p1279_traffic_light_check_then_act_bad,
)
from tests.problems.leetcode import (  # noqa: E402
    test_p1114_print_in_order as t1114,
    test_p1115_print_foobar_alternately as t1115,
    test_p1116_print_zero_even_odd as t1116,
    test_p1117_building_h2o as t1117,
    test_p1188_bounded_blocking_queue as t1188,
    test_p1195_fizz_buzz_multithreaded as t1195,
    test_p1226_dining_philosophers as t1226,
    test_p1242_web_crawler_multithreaded as t1242,
    test_p1279_traffic_light as t1279,
)

CASES = [
    (t1114, p1114_print_in_order_if_wait_bad),
    (t1114, p1114_print_in_order_semaphore_default_bad),
    (t1114, p1114_print_in_order_busywait_bad),
    (t1115, p1115_print_foobar_alternately_lock_only_bad),
    (t1115, p1115_print_foobar_alternately_late_clear_bad),
    (t1116, p1116_print_zero_even_odd_notify_bad),
    (t1117, p1117_building_h2o_no_barrier_bad),
    (t1188, p1188_bounded_blocking_queue_if_wait_bad),
    (t1188, p1188_bounded_blocking_queue_one_condition_bad),
    (t1195, p1195_fizz_buzz_multithreaded_notify_bad),
    (t1226, p1226_dining_philosophers_left_first_bad),
    (t1242, p1242_web_crawler_multithreaded_check_then_act_bad),
    (t1279, p1279_traffic_light_check_then_act_bad),
]


def real_threads(scenario, rounds, timeout):
    """Rounds until the first failure on real threads, or None."""
    for r in range(1, rounds + 1):
        try:
            racecheck.stress_scenario(scenario, rounds=1, timeout=timeout)
        except racecheck.StressHang:
            return r, "hang"
        except racecheck.StressFailure:
            return r, "failure"
    return None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=0.5)
    args = ap.parse_args()
    print(banner())
    print(f"real threads: up to {args.rounds} rounds, {args.timeout} s deadline per round\n")
    print(f"{'known-bad module':52} {'real threads':>22} {'racecheck':>26}")
    for test_module, bad in CASES:
        name = bad.__name__.rsplit(".", 1)[-1]
        found_at, how = real_threads(test_module.scenario(bad), args.rounds, args.timeout)
        real = f"{how} in round {found_at}" if found_at else f"not caught in {args.rounds}"
        start = time.perf_counter()
        failure = racecheck.expect_failure(test_module.scenario(bad), seed=0)
        seconds = time.perf_counter() - start
        rc = f"{failure.kind}, {failure.runs} runs, {seconds:.2f} s"
        print(f"{name:52} {real:>22} {rc:>26}", flush=True)


if __name__ == "__main__":
    main()
