"""Benchmark: time to check generated FIFO-queue histories for linearizability.

    .venv/bin/python -m bench.verification_linearizability [--ops 40 200 800 2000] [--threads 8] [--seeds 10]

Prints the machine and versions, then per history size the median and worst
check time of linearizable histories and of histories with one duplicated
item (which the checker must reject, with its explanation).

Writes snippets/verification/figures/linearizability.md (included by
docs/verification/index.md).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter

from bench.machine import summary
from bench.output import Lines, Script
from bench.verification_histories import duplicate_one_get, queue_history
from racecheck.linearizability import Model, check_linearizable, queue_model

SCRIPT = Script(
    __name__,
    outputs=["snippets/verification/figures/linearizability.md"],
    inputs=["racecheck/linearizability.py", "bench/verification_histories.py"],
    smoke=["--ops", "40", "--seeds", "2", "--plain-max", "40", "--max-states", "2000"],
)


def main(argv=None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--ops", type=int, nargs="+", default=[40, 200, 800, 2000])
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--plain-max", type=int, default=200,
                    help="also time the plain search (no FIFO hint, no witness) up to this size")
    ap.add_argument("--max-states", type=int, default=100_000,
                    help="the plain search gives up after this many states")
    args = SCRIPT.parse_args(ap, argv)
    out = Lines()
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
    notes = [f"- {line}" for line in out.lines if line and not line.startswith("|")]
    rows = [line for line in out.lines if line.startswith("|")]
    command = ["```console", f"$ {SCRIPT.command(args)}", "```", ""]
    SCRIPT.write(args, "\n".join(command + notes + [""] + rows) + "\n")


if __name__ == "__main__":
    main()
