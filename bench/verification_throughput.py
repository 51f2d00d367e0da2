"""Schedules per second: racecheck on a small and a large scenario, beside interleave-test.

Both scenarios are producers and consumers on the correct bounded queue of
snippets/problems/primitives/bounded_queue.py (the module is the only
target; tests/racecheck/scale.py): small is 2 threads x 2 operations, large
is 4 threads x 200 operations (tests/racecheck/test_scale.py verifies the
large one at the default budget). racecheck runs its default strategy ("mixed") on this
Python; with the comparison (default), the same scenarios run under
interleave-test 0.1.0 with PCT on Python 3.12 (.venv-compare, built on first
use, as for bench/verification_catalog.py), one schedule per iteration.

    .venv/bin/python -m bench.verification_throughput [--small-runs 400] [--large-runs 8] [--no-compare]

Writes snippets/verification/figures/throughput.md (included by
docs/verification/harness.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.machine import banner
from bench.output import ROOT, Lines, Script, run_module_under, this_python
from tests.racecheck.scale import producers_consumers

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/throughput.md"],
    inputs=["snippets/problems/primitives/bounded_queue.py", "tests/racecheck/scale.py",
            "bench/requirements-compare.txt"],
    smoke=["--small-runs", "10", "--large-runs", "1", "--large-ops", "20", "--no-compare"],
)


def sizes(args):
    return {"small": (2, 2, args.small_runs), "large": (4, args.large_ops, args.large_runs)}


def racecheck_rates(args) -> dict:
    import racecheck

    rows = {}
    for label, (threads, ops, runs) in sizes(args).items():
        sc = producers_consumers(ops, threads)
        start = time.perf_counter()
        result = racecheck.verify(sc, runs=runs, seconds=3600)
        elapsed = time.perf_counter() - start
        rows[label] = {"runs": result.runs, "seconds": elapsed}
    return rows


def interleave_rates(args) -> dict:
    import interleave_test as it

    from snippets.problems.primitives import bounded_queue

    rows = {}
    for label, (threads, ops, runs) in sizes(args).items():
        sc = producers_consumers(ops, threads)

        def model(sc=sc):
            state = sc.setup()
            tasks = [it.spawn(body, state) for body in sc.threads]
            for task in tasks:
                task.join()
            assert sc.check(state) is not False

        start = time.perf_counter()
        try:
            result = it.explore(model, iterations=runs, seed=0, strategy="pct",
                                include=[bounded_queue.__file__], raise_on_failure=False,
                                timeout=60.0)
        except Exception as exc:  # the tool cannot run this scenario
            rows[label] = {"error": f"{type(exc).__name__}: {exc}"[:100]}
            continue
        elapsed = time.perf_counter() - start
        row = {"runs": runs, "seconds": elapsed, "version": it.__version__}
        if result.failure is not None:
            row["error"] = f"reported a failure on a correct queue: {result.failure}"[:100]
        rows[label] = row
    return rows


def fmt(row) -> str:
    if row is None:
        return "not run"
    if "error" in row:
        return row["error"]
    return f"{row['runs'] / row['seconds']:,.1f} ({row['runs']} in {row['seconds']:.1f} s)"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--small-runs", type=int, default=400)
    ap.add_argument("--large-runs", type=int, default=8)
    ap.add_argument("--large-ops", type=int, default=200)
    ap.add_argument("--no-compare", action="store_true", help="skip interleave-test")
    ap.add_argument("--interleave-worker", action="store_true", help=argparse_hidden())
    ap.add_argument("--racecheck-worker", action="store_true", help=argparse_hidden())
    args = SCRIPT.parse_args(ap, argv)
    if args.interleave_worker:  # run by main() under .venv-compare
        print(json.dumps(interleave_rates(args)))
        return
    if args.racecheck_worker:  # run by main() under Python 3.12
        print(json.dumps(racecheck_rates(args)))
        return
    out = Lines()
    out(banner())
    compare = {}
    if not args.no_compare:
        from bench.verification_catalog_interleave import compare_python

        worker = ["-m", "bench.verification_throughput",
                  "--interleave-worker", "--small-runs", str(args.small_runs),
                  "--large-runs", str(args.large_runs), "--large-ops", str(args.large_ops)]
        text = subprocess.run([str(compare_python()), *worker], stdout=subprocess.PIPE,
                              text=True, check=True, cwd=ROOT).stdout
        compare = json.loads(text.strip().splitlines()[-1])
    sizes_args = ["--small-runs", str(args.small_runs), "--large-runs", str(args.large_runs),
                  "--large-ops", str(args.large_ops)]
    same = {}
    if compare and this_python() != "3.12":  # racecheck on the same Python as interleave-test
        same = json.loads(run_module_under("3.12", "bench.verification_throughput",
                                           ["--racecheck-worker", *sizes_args]).strip().splitlines()[-1])
    mine = racecheck_rates(args)
    out("schedules per second (higher is better; a run = one schedule, racecheck's "
        "calibration run included): racecheck's default strategy"
        + (", interleave-test PCT" if compare else "")
        + "; the machine was shared with other jobs, so rates are noisy")
    out()
    head = ["scenario", f"racecheck (Python {this_python()})"]
    if same:
        head.append("racecheck (Python 3.12)")
    if compare:
        head.append("interleave-test 0.1.0 (Python 3.12)")
    out(" | ".join(head))
    for label, (threads, ops, _) in sizes(args).items():
        cells = [f"{label}: {threads} threads x {ops} ops", fmt(mine[label])]
        if same:
            cells.append(fmt(same.get(label)))
        if compare:
            cells.append(fmt(compare.get(label)))
        out(" | ".join(cells))
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
