"""Threads vs asyncio vs processes for I/O-bound LLM API calls against a local fake server.

The server (snippets/analysis/fake_llm_server.py) answers every request after
--latency seconds. Each model sends --requests requests with at most
--concurrency in flight; the table shows latency percentiles per request and
throughput for the whole batch. Process workers are started (and warmed up)
before the clock starts; their start-up time is printed separately.

    .venv/bin/python -m bench.analysis_llm_clients [--requests 400] [--concurrency 16,64]

Writes snippets/analysis/figures/llm_clients.md (the table), .csv (the data)
and .svg / .zh.svg (the chart), included by docs/analysis/cost-of-locking.md
and its Chinese edition.
"""

import multiprocessing
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from bench import charts  # noqa: E402
from bench.machine import banner, load_line  # noqa: E402
from bench.output import Lines, Script, csv_text  # noqa: E402
from snippets.analysis.fake_llm_server import server_process  # noqa: E402
from snippets.analysis.llm_clients import complete, run_asyncio, run_processes, run_threads  # noqa: E402

SCRIPT = Script(
    __name__,
    outputs=[
        "snippets/analysis/figures/llm_clients.md",
        "snippets/analysis/figures/llm_clients.csv",
        "snippets/analysis/figures/llm_clients.svg",
        "snippets/analysis/figures/llm_clients.zh.svg",
    ],
    inputs=["snippets/analysis/fake_llm_server.py", "snippets/analysis/llm_clients.py"],
    smoke=["--requests", "8", "--concurrency", "2", "--latency", "0.01"],
)


MODELS = ("threads", "asyncio", "processes")
TEXT = {
    "en": {
        "threads": "threads", "asyncio": "asyncio", "processes": "processes",
        "group": "{n} in flight", "rate": "requests per second", "latency": "latency, ms",
        "alt": ("Two bar charts, by requests in flight ({groups}). Top: requests per second for "
                "threads, asyncio and processes: {rates}. Bottom: median latency in ms, with a whisker "
                "up to the 95th percentile: {latencies}. The server answers after {latency:g} ms."),
    },
    "zh": {
        "threads": "线程", "asyncio": "asyncio", "processes": "进程",
        "group": "在途 {n} 个", "rate": "每秒请求数", "latency": "延迟（ms）",
        "alt": ("两张柱状图，按在途请求数（{groups}）分组。上图：线程、asyncio 和进程每秒完成的请求数：{rates}。"
                "下图：延迟中位数（ms），须线延伸到第 95 百分位：{latencies}。服务器在 {latency:g} ms 后应答。"),
    },
}


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
    results = {}  # (model, in flight) -> (p50, p95, p99, requests per second)
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    with server_process(latency=args.latency) as url:  # its own process: no shared GIL
        complete(url, "warm-up")
        for concurrency in concurrencies:
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
                    p50, p95, p99, rps = results[name, concurrency] = measure(run, url, prompts, concurrency)
                    out(f"{name:10} {concurrency:>9} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f} {rps:>8.0f} {ideal:>7.0f}")
            out(f"{'':10} (starting and warming {concurrency} worker processes took {startup:.1f} s)")
    out("\n(ideal = requests in flight / server latency: what perfect overlap of the waits would give)")
    out(load_line("at the end"))
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)), output=SCRIPT.outputs[0])
    rows = [[model, c, *(f"{x:.1f}" for x in r)] for (model, c), r in results.items()]
    SCRIPT.write(args, csv_text(["model", "in_flight", "p50_ms", "p95_ms", "p99_ms", "requests_per_second"], rows),
                 output=SCRIPT.outputs[1])

    def draw(axes, t):
        top, bottom = axes
        groups = [t["group"].format(n=c) for c in concurrencies]
        charts.bars(top, groups, {t[m]: [results[m, c][3] for c in concurrencies] for m in MODELS})
        top.set_ylabel(t["rate"])
        top.set_ylim(0, max(r[3] for r in results.values()) * 1.1)
        charts.bars(bottom, groups, {t[m]: [results[m, c][0] for c in concurrencies] for m in MODELS},
                    upper={t[m]: [results[m, c][1] for c in concurrencies] for m in MODELS}, legend="")
        bottom.set_ylabel(t["latency"])

    for t in TEXT.values():
        def each(i):
            return "; ".join(t["group"].format(n=c) + ": " + ", ".join(
                f"{t[m]} {results[m, c][i]:.0f}" for m in MODELS) for c in concurrencies)
        t["alt"] = t["alt"].format(groups=", ".join(map(str, concurrencies)), rates=each(3),
                                   latencies=each(0), latency=args.latency * 1000)
    charts.write(SCRIPT, args, SCRIPT.outputs[2], draw, TEXT, rows=2)


if __name__ == "__main__":
    main()
