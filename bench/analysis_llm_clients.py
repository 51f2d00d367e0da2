"""Threads vs asyncio vs processes for I/O-bound LLM API calls against a local fake server.

The server (snippets/analysis/fake_llm_server.py) answers every request after
--latency seconds. Each model sends --requests requests with at most
--concurrency in flight; the table shows latency percentiles per request and
throughput for the whole batch. Process workers are started (and warmed up)
before the clock starts; their start-up time is printed separately.

    .venv/bin/python -m bench.analysis_llm_clients [--requests 400] [--concurrency 16,64]

Writes snippets/analysis/figures/llm_clients.md (included by
docs/analysis/cost-of-locking.md).
"""

import os
import multiprocessing
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from bench.machine import banner  # noqa: E402
from bench.output import Lines, Script  # noqa: E402
from snippets.analysis.fake_llm_server import server_process  # noqa: E402
from snippets.analysis.llm_clients import complete, run_asyncio, run_processes, run_threads  # noqa: E402

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/figures/llm_clients.md"],
    inputs=["snippets/analysis/fake_llm_server.py", "snippets/analysis/llm_clients.py"],
    smoke=["--requests", "8", "--concurrency", "2", "--latency", "0.01"],
)



def percentile(values, q):
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(run, url, prompts, concurrency):
    start = time.perf_counter()
    replies = run(url, prompts, concurrency)
    wall = time.perf_counter() - start
    assert [r.text for r in replies] == [f"echo: {p}" for p in prompts], "a reply is missing or out of order"
    ms = [r.latency * 1000 for r in replies]
    return percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), len(prompts) / wall


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", default="16,64")
    ap.add_argument("--latency", type=float, default=0.05, help="server think time, seconds")
    args = SCRIPT.parse_args(ap, argv)
    prompts = [f"prompt {i}" for i in range(args.requests)]
    out = Lines()
    out(banner())
    out(f"fake server latency {args.latency * 1000:g} ms, {args.requests} requests per run, "
        "one connection per request, server in its own process\n")
    out(f"{'model':10} {'in flight':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'ideal':>7}")
    with server_process(latency=args.latency) as url:  # its own process: no shared GIL
        complete(url, "warm-up")
        for concurrency in [int(c) for c in args.concurrency.split(",")]:
            ideal = concurrency / args.latency
            t0 = time.perf_counter()
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=concurrency, mp_context=ctx) as pool:
                list(pool.map(complete, [url] * concurrency, ["warm-up"] * concurrency))
                startup = time.perf_counter() - t0
                models = {
                    "threads": run_threads,
                    "asyncio": run_asyncio,
                    "processes": lambda url, ps, c: run_processes(url, ps, c, pool=pool),
                }
                for name, run in models.items():
                    p50, p95, p99, rps = measure(run, url, prompts, concurrency)
                    out(f"{name:10} {concurrency:>9} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {rps:>8.0f} {ideal:>7.0f}")
            out(f"{'':10} (starting and warming {concurrency} worker processes took {startup:.1f} s)")
    out("\n(ideal = requests in flight / server latency: what perfect overlap of the waits would give)")
    out(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
