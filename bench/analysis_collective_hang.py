"""A rank that skips an all-reduce, on torch.distributed's gloo backend (2 processes).

Runs the correct loop, the known-bad loop, and the known-bad loop with
TORCH_DISTRIBUTED_DEBUG=DETAIL, all at once, and prints what each rank
printed. --flight-recorder adds a run with TORCH_FR_BUFFER_SIZE set.

    .venv/bin/python bench/analysis_collective_hang.py [--timeout 2] [--markdown PATH]
"""

import argparse
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.machine import banner  # noqa: E402
from bench.output import Output, add_markdown_option  # noqa: E402
from snippets.analysis.collectives import run_ranks  # noqa: E402

# c10d log lines start with a date and time: drop them so reruns do not churn.
_STAMP = re.compile(r"\[([EWI])\d{4} [\d:.]+ ")
GOOD, BAD = "snippets.analysis.collectives", "snippets.analysis.collectives_bad"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=2.0, help="process-group timeout, seconds")
    ap.add_argument("--flight-recorder", action="store_true", help="also run with TORCH_FR_BUFFER_SIZE=2000")
    add_markdown_option(ap)
    args = ap.parse_args()
    out = Output()
    out(banner(libraries=["torch"]))
    out(f"backend: gloo, 2 ranks (processes), process-group timeout {args.timeout:g} s\n")
    runs = {
        "correct loop (collectives.py)": (GOOD, {}),
        "rank 1 skips step 1 (collectives_bad.py)": (BAD, {}),
        "the same, TORCH_DISTRIBUTED_DEBUG=DETAIL": (BAD, {"TORCH_DISTRIBUTED_DEBUG": "DETAIL"}),
    }
    if args.flight_recorder:
        runs["the same, TORCH_FR_BUFFER_SIZE=2000"] = (BAD, {"TORCH_FR_BUFFER_SIZE": "2000"})
    with ThreadPoolExecutor(len(runs)) as pool:
        futures = {
            title: pool.submit(run_ranks, module, timeout=args.timeout, linger=args.timeout + 1, env=env)
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
    flags = f"--timeout {args.timeout:g}" + (" --flight-recorder" if args.flight_recorder else "")
    out.write_markdown(args.markdown, f".venv/bin/python bench/analysis_collective_hang.py {flags}")


if __name__ == "__main__":
    main()
