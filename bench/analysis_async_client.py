"""An async LLM client across event loops and threads: outcomes per pattern.

Runs snippets/analysis/real_stack/async_client_experiment.py (which starts a
local fake OpenAI-compatible server on 127.0.0.1) --repeat times, each in a
fresh process with a hard timeout, and prints per pattern and usage how many
calls returned the right answer, each kind of exception, and hung threads,
summed over the runs.

    .venv/bin/python -m bench.analysis_async_client [--calls 10] [--threads 4] [--repeat 3]
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench.machine import banner
from bench.output import Lines, Script

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/real_stack/figures/async_client.md"],
    inputs=[
        "snippets/analysis/real_stack/async_client.py",
        "snippets/analysis/real_stack/async_client_bad.py",
        "snippets/analysis/real_stack/async_client_experiment.py",
        "snippets/analysis/real_stack/fake_openai_server.py",
    ],
    smoke=["--calls", "2", "--threads", "2", "--join-timeout", "3", "--repeat", "1"],
    libraries=("openai", "httpx", "starlette", "uvicorn"),
)
ROOT = Path(__file__).resolve().parents[1]

EXPERIMENT = "snippets.analysis.real_stack.async_client_experiment"
LIBRARIES = ["openai", "httpx2", "httpx", "httpcore", "anyio", "starlette", "uvicorn"]


def main(argv: list[str] | None = None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--calls", type=int, default=10, help="calls per thread (and sequential calls)")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--join-timeout", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = SCRIPT.parse_args(ap, argv)

    out = Lines()
    out(banner(libraries=LIBRARIES))
    out(f"sequential: {args.calls} calls from one thread; threads: {args.threads} threads x "
        f"{args.calls} calls at once; a thread not done after {args.join_timeout} s is hung; "
        f"{args.repeat} runs, counts summed")
    totals: dict[str, dict[str, Counter]] = {}
    for _ in range(args.repeat):
        proc = subprocess.run(
            [sys.executable, "-m", EXPERIMENT, "--calls", str(args.calls), "--threads",
             str(args.threads), "--join-timeout", str(args.join_timeout)],
            cwd=ROOT, capture_output=True, text=True, check=True,
            timeout=60 + 4 * args.join_timeout,
        )
        for name, usages in json.loads(proc.stdout)["patterns"].items():
            for usage, tally in usages.items():
                totals.setdefault(name, {}).setdefault(usage, Counter()).update(tally)
    for name, usages in totals.items():
        out()
        out(name)
        for usage, tally in usages.items():
            calls = args.repeat * args.calls * (1 if usage == "sequential" else args.threads)
            out(f"  {usage:10} ok {tally.pop('ok', 0)} of {calls} calls")
            for outcome, n in sorted(tally.items(), key=lambda kv: -kv[1]):
                unit = "threads" if outcome.startswith("hung") else "calls"
                out(f"  {'':10} {n} {unit}: {outcome}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
