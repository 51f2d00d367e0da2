"""Benchmark: time to check generated FIFO-queue histories for linearizability.

    .venv/bin/python bench/verification_linearizability.py [--ops 800] [--threads 8] [--seeds 10]

Prints the machine and versions, then per history size the median and worst
check time of linearizable histories and of histories with one duplicated
item (which the checker must reject, with its explanation)."""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAGE = ROOT / "docs" / "verification" / "index.md"
START, END = "<!-- linbench:start -->", "<!-- linbench:end -->"
_OUT: list[str] = []


def out(line: str = "") -> None:
    print(line, flush=True)
    _OUT.append(line)

from bench.verification_histories import duplicate_one_get, queue_history  # noqa: E402
from bench.machine import summary  # noqa: E402
from racecheck.linearizability import Model, check_linearizable, queue_model  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, nargs="+", default=[40, 200, 800, 2000])
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--plain-max", type=int, default=200,
                    help="also time the plain search (no FIFO hint, no witness) up to this size")
    ap.add_argument("--max-states", type=int, default=100_000,
                    help="the plain search gives up after this many states")
    ap.add_argument("--write-page", action="store_true", help="write the table into docs/verification/index.md")
    args = ap.parse_args()
    command = f".venv/bin/python {' '.join(sys.argv)}"
    out(f"machine: {summary()}")
    out("the machine was shared with other jobs, so times are noisy")
    out()
    out("| operations | threads | kind | histories | verdict | median ms | worst ms |")
    out("| ---: | ---: | --- | ---: | --- | ---: | ---: |")
    fifo = queue_model()
    plain = Model(fifo.init, fifo.step, name="a FIFO queue (plain search)")
    for n in args.ops:
        kinds = ["linearizable", "one duplicated item"]
        if n <= args.plain_max:
            kinds.append("linearizable, plain search")
        for kind in kinds:
            model = plain if "plain" in kind else fifo
            times, verdicts = [], Counter()
            for seed in range(args.seeds):
                ops = queue_history(n, args.threads, seed)
                if kind == "one duplicated item":
                    ops = duplicate_one_get(ops, seed)
                start = time.perf_counter()
                result = check_linearizable(ops, model, max_states=args.max_states if model is plain else None)
                times.append((time.perf_counter() - start) * 1000)
                verdicts["accepted" if result else ("gave up" if result.gave_up else "rejected")] += 1
            out(
                f"| {n} | {args.threads} | {kind} | {args.seeds} | {', '.join(f'{n} {v}' for v, n in sorted(verdicts.items()))} "
                f"| {statistics.median(times):.1f} | {max(times):.1f} |"
            )
    if args.write_page:
        text = PAGE.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        notes = [f"- {line}" for line in _OUT if line and not line.startswith("|")]
        rows = [line for line in _OUT if line.startswith("|")]
        block = [START, "", "```console", f"$ {command}", "```", "", *notes, "", *rows, "", END]
        PAGE.write_text(head + "\n".join(block) + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
