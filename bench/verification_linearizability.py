"""Benchmark: time to check generated FIFO-queue histories for linearizability.

    .venv/bin/python bench/verification_linearizability.py [--ops 800] [--threads 8] [--seeds 10]

Prints the machine and versions, then per history size the median and worst
check time of linearizable histories and of histories with one duplicated
item (which the checker must reject, with its explanation)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.verification_histories import duplicate_one_get, queue_history  # noqa: E402
from bench.verification_machine import machine  # noqa: E402
from racecheck.linearizability import check_linearizable, queue_model  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, nargs="+", default=[200, 800, 2000])
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seeds", type=int, default=10)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    print(f"command: {' '.join(sys.argv)}")
    print()
    print("| operations | threads | kind | histories | verdict | median ms | worst ms |")
    print("| ---: | ---: | --- | ---: | --- | ---: | ---: |")
    model = queue_model()
    for n in args.ops:
        for kind in ("linearizable", "one duplicated item"):
            times, verdicts = [], set()
            for seed in range(args.seeds):
                ops = queue_history(n, args.threads, seed)
                if kind != "linearizable":
                    ops = duplicate_one_get(ops, seed)
                start = time.perf_counter()
                result = check_linearizable(ops, model)
                times.append((time.perf_counter() - start) * 1000)
                verdicts.add("accepted" if result else "rejected")
            print(
                f"| {n} | {args.threads} | {kind} | {args.seeds} | {'/'.join(sorted(verdicts))} "
                f"| {statistics.median(times):.1f} | {max(times):.1f} |"
            )


if __name__ == "__main__":
    main()
