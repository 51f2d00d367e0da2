"""A rank that skips an all-reduce, on torch.distributed's gloo backend (2 processes).

Runs the correct loop, the known-bad loop, and the known-bad loop with
TORCH_DISTRIBUTED_DEBUG=DETAIL, all at once, and prints what each rank
printed. --flight-recorder adds a run with TORCH_FR_BUFFER_SIZE set.

    .venv/bin/python -m bench.analysis_collective_hang [--timeout 2]

Writes snippets/analysis/figures/collective_hang.md (included by
docs/analysis/deadlocks.md). The smoke run starts only the correct loop (two
processes); tests/analysis/test_collectives.py runs all three and checks what
they print.
"""

import re
from concurrent.futures import ThreadPoolExecutor

from bench.machine import banner
from bench.output import Lines, Script
from snippets.analysis.collectives import run_ranks

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/figures/collective_hang.md"],
    inputs=["snippets/analysis/collectives.py", "snippets/analysis/collectives_bad.py"],
    smoke=["--timeout", "1", "--runs", "1"],
    libraries=("torch",),
)

# c10d log lines start with a date and time: drop them so reruns do not churn.
_STAMP = re.compile(r"\[([EWI])\d{4} [\d:.]+ ")
GOOD, BAD = "snippets.analysis.collectives", "snippets.analysis.collectives_bad"


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--timeout", type=float, default=2.0, help="process-group timeout, seconds")
    ap.add_argument("--deadline", type=float, default=600.0,
                    help="kill every rank still alive after this many seconds (importing torch on a busy machine is slow)")
    ap.add_argument("--flight-recorder", action="store_true", help="also run with TORCH_FR_BUFFER_SIZE=2000")
    ap.add_argument("--runs", type=int, default=None,
                    help="only the first RUNS of the runs (the smoke run: the correct loop, 2 processes)")
    args = SCRIPT.parse_args(ap, argv)
    out = Lines()
    out(banner(libraries=["torch"]))
    out(f"backend: gloo, 2 ranks (processes), process-group timeout {args.timeout:g} s\n")
    runs = {
        "correct loop (collectives.py)": (GOOD, {}),
        "rank 1 skips step 1 (collectives_bad.py)": (BAD, {}),
        "the same, TORCH_DISTRIBUTED_DEBUG=DETAIL": (BAD, {"TORCH_DISTRIBUTED_DEBUG": "DETAIL"}),
    }
    if args.flight_recorder:
        runs["the same, TORCH_FR_BUFFER_SIZE=2000"] = (BAD, {"TORCH_FR_BUFFER_SIZE": "2000"})
    runs = dict(list(runs.items())[: args.runs])
    with ThreadPoolExecutor(len(runs)) as pool:
        futures = {
            # A rank of the bad loop stays alive past the timeout (it is writing a
            # checkpoint, in no collective); the correct loop has nobody to wait for.
            title: pool.submit(run_ranks, module, timeout=args.timeout,
                               linger=0.0 if module == GOOD else args.timeout + 1, env=env,
                               deadline=args.deadline)
            for title, (module, env) in runs.items()
        }
        for title, fut in futures.items():
            out(f"== {title}")
            for rank in fut.result():
                status = "killed at the deadline" if rank.returncode is None else f"exit code {rank.returncode}"
                out(f"-- rank {rank.rank} ({status})")
                for line in rank.stdout.splitlines():
                    out("   " + line)
                warnings = [w for w in rank.stderr.splitlines() if w.strip()]
                for line in warnings[:3]:
                    out("   stderr: " + _STAMP.sub(r"[\1 ", line)[:160])
            out()
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
