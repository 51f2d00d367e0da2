"""How throughput scales with Python threads: GIL-bound vs GIL-releasing work.

Each thread runs --tasks tasks of one kind; the table shows tasks per second
(all threads together) and the speed-up over one thread:

- pure Python: a loop of integer additions (holds the GIL throughout);
- NumPy: a 512x512 float64 matrix product (releases the GIL inside BLAS);
- torch: a 512x512 float32 matrix product on the CPU, with
  torch.set_num_threads(1) so that one Python thread uses one core.

NumPy's BLAS may itself use several threads; OPENBLAS_NUM_THREADS=1 (set by
this script before NumPy is imported, unless already set) keeps one core per
call so the Python threads are what scales.

    .venv/bin/python -m bench.analysis_gil_scaling [--tasks 40] [--repeat 5]

Writes snippets/analysis/figures/gil_scaling.md (the table), gil_scaling.csv
(the data) and gil_scaling.svg / gil_scaling.zh.svg (the speed-up chart),
included by docs/analysis/cost-of-locking.md and its Chinese edition. The
smoke run leaves torch out (importing it costs seconds).
"""

import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import time  # noqa: E402

from bench import charts  # noqa: E402
from bench.machine import banner, load_line  # noqa: E402
from bench.output import Lines, Script, csv_text  # noqa: E402
from snippets.analysis.numpy_updates import run_threads  # noqa: E402

SCRIPT = Script(
    __name__,
    outputs=[
        "snippets/analysis/figures/gil_scaling.md",
        "snippets/analysis/figures/gil_scaling.csv",
        "snippets/analysis/figures/gil_scaling.svg",
        "snippets/analysis/figures/gil_scaling.zh.svg",
    ],
    inputs=["snippets/analysis/numpy_updates.py"],
    smoke=["--tasks", "1", "--repeat", "1", "--size", "16", "--threads", "1,2", "--no-torch"],
    libraries=("numpy", "torch"),
)


KINDS = ("python", "numpy", "torch")
TEXT = {
    "en": {
        "python": "pure Python loop", "numpy": "NumPy matmul", "torch": "torch matmul (CPU)",
        "x": "Python threads", "y": "speed-up over 1 thread", "ideal": "at most, on {cores} cores",
        "alt": (
            "Line chart of the speed-up over one thread against the number of Python threads "
            "({counts}): {values}. A dotted line at ×1 marks no gain; a thin grey line the most "
            "{cores} cores allow."),
    },
    "zh": {
        "python": "纯 Python 循环", "numpy": "NumPy 矩阵乘法", "torch": "torch 矩阵乘法（CPU）",
        "x": "Python 线程数", "y": "相对 1 个线程的加速比", "ideal": "{cores} 个核心的上限",
        "alt": (
            "折线图：不同 Python 线程数（{counts}）相对 1 个线程的加速比：{values}。"
            "×1 处的虚线表示没有提升；灰色细线是 {cores} 个核心所允许的上限。"),
    },
}


def pure_python_task():
    total = 0
    for i in range(200_000):
        total += i
    return total


def make_numpy_task(size):
    import numpy as np

    rng = np.random.default_rng(0)
    a, b = rng.random((size, size)), rng.random((size, size))
    return lambda: a @ b


def make_torch_task(size):
    import torch

    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    a, b = torch.rand(size, size, generator=g), torch.rand(size, size, generator=g)
    return lambda: a @ b


def rate(task, threads, tasks):
    """(tasks per second, cores used): cores used = process CPU time / wall time,
    which stays at or below 1.0 while only one thread at a time can run."""
    t0, c0 = time.perf_counter(), time.process_time()
    run_threads(lambda: [task() for _ in range(tasks)], threads)
    wall = time.perf_counter() - t0
    return threads * tasks / wall, (time.process_time() - c0) / wall


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--tasks", type=int, default=40, help="tasks per thread")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", type=int, default=512, help="matrix size for NumPy and torch")
    ap.add_argument("--threads", default="1,2,4")
    ap.add_argument("--no-torch", action="store_true")
    args = SCRIPT.parse_args(ap, argv)
    counts = [int(t) for t in args.threads.split(",")]
    kinds = {"python": pure_python_task, "numpy": make_numpy_task(args.size)}
    if not args.no_torch:
        kinds["torch"] = make_torch_task(args.size)
    out = Lines()
    out(banner(libraries=["numpy"] + ([] if args.no_torch else ["torch"])))
    out(f"BLAS/OpenMP threads per call: {os.environ['OPENBLAS_NUM_THREADS']}, matrices {args.size}x{args.size}, "
        f"{args.tasks} tasks per thread, best of {args.repeat} runs (the machine may be shared: the fastest run is the least disturbed)\n")
    out(f"{'work':20}" + "".join(f"{f'{c} thr':>23}" for c in counts))
    results = {}  # kind -> {threads: (tasks per second, cores used)}
    for kind, task in kinds.items():
        name = TEXT["en"][kind]
        task()  # warm up (allocations, BLAS initialisation)
        # Thread counts take turns within each repeat, so a burst of load from
        # other jobs hits every column alike; the best run of each is kept.
        best = dict.fromkeys(counts, (0.0, 0.0))
        for _ in range(args.repeat):
            for c in counts:
                best[c] = max(best[c], rate(task, c, args.tasks))
        results[kind] = best
        base = best[counts[0]][0]
        out(f"{name:20}" + "".join(f"{r:>8.1f}/s x{r / base:>4.2f} {cores:>4.2f}c" for r, cores in (best[c] for c in counts)))
    out("\n(tasks per second, all threads together; xN = speed-up over one thread;")
    out(" Nc = cores used: process CPU time / wall time, at most 1.0 while only one thread can run)")
    out(load_line("at the end"))
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)), output=SCRIPT.outputs[0])
    rows = [[kind, c, f"{r:.2f}", f"{r / best[counts[0]][0]:.3f}", f"{cores:.2f}"]
            for kind, best in results.items() for c, (r, cores) in best.items()]
    SCRIPT.write(args, csv_text(["work", "threads", "tasks_per_second", "speedup", "cores_used"], rows),
                 output=SCRIPT.outputs[1])
    speedups = {kind: [best[c][0] / best[counts[0]][0] for c in counts] for kind, best in results.items()}

    cores = os.cpu_count() or 1

    def draw(ax, t):
        ax.axhline(1, color=charts.FG, linewidth=1, linestyle=":")
        ax.plot(counts, [min(c, cores) / min(counts[0], cores) for c in counts], color=charts.FG, alpha=0.45,
                linewidth=1, label=t["ideal"].format(cores=cores))
        charts.lines(ax, counts, {t[kind]: ys for kind, ys in speedups.items()})
        ax.set_xlabel(t["x"])
        ax.set_ylabel(t["y"])
        ax.set_ylim(0, max(2.2, *(max(ys) + 0.3 for ys in speedups.values())))
        ax.yaxis.set_major_formatter("×{x:g}")

    for lang, t in TEXT.items():
        values = "; ".join(f"{t[kind]} " + ", ".join(f"×{s:.2f}" for s in ys) for kind, ys in speedups.items())
        t["alt"] = t["alt"].format(counts=", ".join(map(str, counts)), values=values, cores=cores)
    charts.write(SCRIPT, args, SCRIPT.outputs[2], draw, TEXT)


if __name__ == "__main__":
    main()
