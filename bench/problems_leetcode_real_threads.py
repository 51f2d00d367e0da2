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
from tests.problems.leetcode.problems import PROBLEMS  # noqa: E402

# (scenario builder, known-bad module): every known-bad row of the LeetCode template.
CASES = [(problem.scenario, bad) for problem in PROBLEMS for bad, _kind in problem.bad]


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
    for scenario, bad in CASES:
        name = bad.__name__.rsplit(".", 1)[-1]
        found_at, how = real_threads(scenario(bad), args.rounds, args.timeout)
        real = f"{how} in round {found_at}" if found_at else f"not caught in {args.rounds}"
        start = time.perf_counter()
        failure = racecheck.expect_failure(scenario(bad), seed=0)
        seconds = time.perf_counter() - start
        rc = f"{failure.kind}, {failure.runs} runs, {seconds:.2f} s"
        print(f"{name:52} {real:>22} {rc:>26}", flush=True)


if __name__ == "__main__":
    main()
