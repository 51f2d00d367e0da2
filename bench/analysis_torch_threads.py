"""Matrix multiplications per second: Python threads x torch intra-op threads.

Runs snippets/analysis/real_stack/torch_threads.py's matmul_rate over a grid
of Python threads (1, 2, 4) and intra-op threads (1, 2), --repeat times each
in interleaved order, and prints the median (each worker first copies the
intra-op setting with torch.get_num_threads(): a thread that only calls
torch.mm would run on OpenMP's default instead, which the probe above the
table shows), then the cell "1 Python thread, intra-op 2" once more in a
fresh process per OpenMP wait policy (the default spins at the team's
barrier before sleeping; PASSIVE sleeps at once). The machine is shared,
so the load average at the start and the end is printed too.

    .venv/bin/python -m bench.analysis_torch_threads [--size 256] [--seconds 1] [--repeat 5]

Writes snippets/analysis/real_stack/figures/torch_threads.md (the table), .csv
(the data) and .svg / .zh.svg (the chart), included by
docs/analysis/real-stack/torch-threads.md and its Chinese edition.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from bench import charts
from bench.machine import banner, load_line
from bench.output import Lines, Script, csv_text

SCRIPT = Script(
    __name__,
    outputs=[
        "snippets/analysis/real_stack/figures/torch_threads.md",
        "snippets/analysis/real_stack/figures/torch_threads.csv",
        "snippets/analysis/real_stack/figures/torch_threads.svg",
        "snippets/analysis/real_stack/figures/torch_threads.zh.svg",
    ],
    inputs=["snippets/analysis/real_stack/torch_threads.py"],
    smoke=["--size", "16", "--seconds", "0.02", "--repeat", "1", "--python-threads", "1,2",
           "--intra-op", "1,2", "--wait-policies", "passive"],  # one fresh process: each costs a torch import
    libraries=("torch",),
)

FIELDS = ("per_second", "per_cpu_second")
TEXT = {
    "en": {
        "x": "Python threads", "intra": "intra-op {n}",
        "per_second": "torch.mm per second", "per_cpu_second": "torch.mm per CPU-second",
        "alt": ("Two line charts of {size}x{size} torch.mm multiplications against Python threads "
                "({counts}), one line per intra-op thread count. Top: per wall-clock second: {per_second}. "
                "Bottom: per CPU-second the process used: {per_cpu_second}."),
    },
    "zh": {
        "x": "Python 线程数", "intra": "算子内 {n} 线程",
        "per_second": "每秒 torch.mm 次数", "per_cpu_second": "每 CPU 秒 torch.mm 次数",
        "alt": ("两张折线图：{size}x{size} 的 torch.mm 乘法次数随 Python 线程数（{counts}）的变化，"
                "每种算子内线程数一条线。上图：每挂钟秒：{per_second}。下图：进程每使用 1 CPU 秒：{per_cpu_second}。"),
    },
}


# One cell of the grid in a fresh interpreter, so that an OpenMP environment
# variable (read once, when the OpenMP runtime starts) can differ per run.
_CELL = """
import json, statistics, sys
from snippets.analysis.real_stack.torch_threads import matmul_rate
p, i, size, seconds, repeat = json.loads(sys.argv[1])
matmul_rate(1, 1, size, min(seconds, 0.2))  # warm-up
rates = [matmul_rate(p, i, size, seconds) for _ in range(repeat)]
print(json.dumps([statistics.median(r.per_second for r in rates),
                  statistics.median(r.per_cpu_second for r in rates)]))
"""
WAIT_POLICIES = {"default": ("OMP_WAIT_POLICY unset (spin, then sleep)", None),
                 "passive": ("OMP_WAIT_POLICY=PASSIVE", "PASSIVE")}


def cell_in_fresh_process(python_threads, intra_op, size, seconds, repeat, wait_policy):
    """(per second, per CPU-second) medians of one cell, measured in a new interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if wait_policy:
        env["OMP_WAIT_POLICY"] = wait_policy
    proc = subprocess.run(
        [sys.executable, "-c", _CELL, json.dumps([python_threads, intra_op, size, seconds, repeat])],
        env=env, capture_output=True, text=True, timeout=600, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--size", type=int, default=256, help="square matrix size (float32)")
    ap.add_argument("--seconds", type=float, default=1.0, help="length of one measurement")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--python-threads", default="1,2,4")
    ap.add_argument("--intra-op", default="1,2")
    ap.add_argument("--wait-policies", default="default,passive",
                    help="OpenMP wait policies to re-measure the 1-thread, intra-op-2 cell with (fresh process each)")
    args = SCRIPT.parse_args(ap, argv)

    import torch

    from snippets.analysis.real_stack.torch_threads import matmul_rate, num_threads_as_seen, os_threads_multiplying

    py_counts = [int(x) for x in args.python_threads.split(",")]
    intra_counts = [int(x) for x in args.intra_op.split(",")]
    out = Lines()
    out(banner(libraries=["torch"]))
    out(torch.__config__.parallel_info().splitlines()[-1].strip())
    out(f"default intra-op threads: {torch.get_num_threads()}, inter-op: {torch.get_num_interop_threads()}")
    out(f"{args.size}x{args.size} float32 torch.mm, {args.seconds} s per measurement, "
        f"median of {args.repeat} (interleaved)")
    out()
    out("set_num_threads(1) called in a worker thread; who sees what:")
    for who, n in num_threads_as_seen(1).items():
        out(f"  {who:28} {n}")
    out()
    out("set_num_threads(1) in the main thread; OS threads a new thread's torch.mm runs on:")
    out(f"  {'after torch.get_num_threads()':36} {os_threads_multiplying(1, copy_first=True)}")
    out(f"  {'torch.mm only':36} {os_threads_multiplying(1, copy_first=False)}")
    out()
    matmul_rate(1, 1, args.size, min(args.seconds, 0.2))  # warm-up: MKL and OpenMP start-up
    samples: dict[tuple[int, int], list[float]] = {(p, i): [] for p in py_counts for i in intra_counts}
    for _ in range(args.repeat):
        for key in samples:
            samples[key].append(matmul_rate(*key, size=args.size, seconds=args.seconds))
    medians = {(field, p, i): statistics.median(getattr(r, field) for r in samples[(p, i)])
               for field in FIELDS for p in py_counts for i in intra_counts}
    for title, field in [("per wall-clock second (all threads)", "per_second"),
                         ("per CPU-second used by the process", "per_cpu_second")]:
        out(f"multiplications {title}:")
        out("  python threads".ljust(18) + "".join(f"{f'intra-op {i}':>14}" for i in intra_counts))
        for p in py_counts:
            out(f"  {p:<16}" + "".join(f"{medians[field, p, i]:>14.0f}" for i in intra_counts))
        out()
    if 2 in intra_counts:
        out("one Python thread, intra-op 2, each wait policy in a fresh process "
            f"(median of {args.repeat}):")
        for title, policy in (WAIT_POLICIES[name] for name in args.wait_policies.split(",")):
            per_second, per_cpu = cell_in_fresh_process(1, 2, args.size, args.seconds, args.repeat, policy)
            out(f"  {title:42} {per_second:>8.0f} per second {per_cpu:>8.0f} per CPU-second")
        out()
    out(load_line("at the end"))
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)), output=SCRIPT.outputs[0])
    rows = [[p, i, f"{medians['per_second', p, i]:.1f}", f"{medians['per_cpu_second', p, i]:.1f}"]
            for p in py_counts for i in intra_counts]
    SCRIPT.write(args, csv_text(["python_threads", "intra_op_threads", "mm_per_second", "mm_per_cpu_second"], rows),
                 output=SCRIPT.outputs[1])

    def draw(axes, t):
        for ax, field in zip(axes, FIELDS):
            charts.lines(ax, py_counts, {t["intra"].format(n=i): [medians[field, p, i] for p in py_counts]
                                         for i in intra_counts}, legend="above" if field == FIELDS[0] else "")
            ax.set_ylabel(t[field])
            ax.set_ylim(0, max(medians[field, p, i] for p in py_counts for i in intra_counts) * 1.15)
        axes[-1].set_xlabel(t["x"])

    for t in TEXT.values():
        parts = {field: "; ".join(t["intra"].format(n=i) + ": " + ", ".join(
            f"{medians[field, p, i]:.0f}" for p in py_counts) for i in intra_counts) for field in FIELDS}
        t["alt"] = t["alt"].format(size=args.size, counts=", ".join(map(str, py_counts)), **parts)
    charts.write(SCRIPT, args, SCRIPT.outputs[2], draw, TEXT, rows=2)


if __name__ == "__main__":
    main()
