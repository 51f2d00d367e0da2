"""Do real threads catch the LeetCode set's known-bad variants? racecheck does.

For every known-bad module of docs/problems/leetcode/, this runs the very
scenario its test uses (the judge's threads and the same check) in two ways:

* real threads, via racecheck.stress_scenario: --rounds rounds, each with a
  Barrier start and a one-microsecond switch interval; a round that does not
  finish within --timeout seconds counts as a hang (a deadlock or livelock
  found). It stops at the first failing round.
* racecheck.expect_failure (controlled interleavings, default budget, seed 0):
  how many schedules it ran until the first failure, and how long that took.

    .venv/bin/python -m bench.problems_leetcode_real_threads [--rounds 300] [--timeout 0.5]

A hung round leaves its daemon threads behind (Python cannot kill a thread),
so run this as its own process, not inside the test suite (the suite's smoke
run is a process of its own too).

Writes snippets/problems/leetcode/figures/real_threads.md (included by
docs/problems/leetcode/index.md): the command, the machine, a Markdown table
and a summary line.
"""

import time

import racecheck
from bench.machine import banner_lines
from bench.output import Lines, Script
from tests.problems.leetcode.problems import PROBLEMS

SCRIPT = Script(
    __name__,
    outputs=["snippets/problems/leetcode/figures/real_threads.md"],
    inputs=["snippets/problems/leetcode", "tests/problems/leetcode/problems.py"],
    smoke=["--rounds", "2", "--timeout", "0.2", "--limit", "3"],
)

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


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--timeout", type=float, default=0.5)
    ap.add_argument("--limit", type=int, default=None, help="only the first LIMIT known-bad modules")
    args = SCRIPT.parse_args(ap, argv)
    cases = CASES[: args.limit]
    out = Lines()
    out("```console")
    out(f"$ {SCRIPT.command(args)}")
    out("```")
    out()
    for line in banner_lines():
        out(f"- {line}")
    out(f"- real threads: up to {args.rounds} rounds, {args.timeout} s deadline per round; "
        "racecheck: expect_failure, seed 0, default budget")
    out()
    out("| Known-bad module | Real threads | racecheck |")
    out("| --- | --- | --- |")
    caught, most_runs, most_seconds = 0, 0, 0.0
    for scenario, bad in cases:
        name = bad.__name__.rsplit(".", 1)[-1]
        found_at, how = real_threads(scenario(bad), args.rounds, args.timeout)
        caught += found_at is not None
        real = f"{how} in round {found_at}" if found_at else f"not caught in {args.rounds}"
        start = time.perf_counter()
        failure = racecheck.expect_failure(scenario(bad), seed=0)
        seconds = time.perf_counter() - start
        most_runs, most_seconds = max(most_runs, failure.runs), max(most_seconds, seconds)
        runs = f"{failure.runs} schedule" + ("s" if failure.runs != 1 else "")
        out(f"| `{name}` | {real} | {failure.kind}, {runs}, {seconds:.2f} s |")
    out()
    out(f"Real threads caught {caught} of {len(cases)}; racecheck caught {len(cases)} of {len(cases)}, "
        f"each within {most_runs} schedules and {most_seconds:.1f} s.")
    SCRIPT.write(args, out.text())


if __name__ == "__main__":
    main()
