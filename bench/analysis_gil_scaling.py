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

Writes snippets/analysis/figures/gil_scaling.md (included by
docs/analysis/cost-of-locking.md). The smoke run leaves torch out (importing it
costs seconds).
"""

import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import time  # noqa: E402

from bench.machine import banner  # noqa: E402
from bench.output import Lines, Script  # noqa: E402
from snippets.analysis.numpy_updates import run_threads  # noqa: E402

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/figures/gil_scaling.md"],
    inputs=["snippets/analysis/numpy_updates.py"],
    smoke=["--tasks", "1", "--repeat", "1", "--size", "16", "--threads", "1,2", "--no-torch"],
    libraries=("numpy", "torch"),
)



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
    kinds = {"pure Python loop": pure_python_task, "NumPy matmul": make_numpy_task(args.size)}
    if not args.no_torch:
        kinds["torch matmul (CPU)"] = make_torch_task(args.size)
    out = Lines()
    out(banner(libraries=["numpy"] + ([] if args.no_torch else ["torch"])))
    out(f"BLAS/OpenMP threads per call: {os.environ['OPENBLAS_NUM_THREADS']}, matrices {args.size}x{args.size}, "
        f"{args.tasks} tasks per thread, best of {args.repeat} runs (the machine may be shared: the fastest run is the least disturbed)\n")
    out(f"{'work':20}" + "".join(f"{f'{c} thr':>23}" for c in counts))
    for name, task in kinds.items():
        task()  # warm up (allocations, BLAS initialisation)
        # Thread counts take turns within each repeat, so a burst of load from
        # other jobs hits every column alike; the best run of each is kept.
        best = dict.fromkeys(counts, (0.0, 0.0))
        for _ in range(args.repeat):
            for c in counts:
                best[c] = max(best[c], rate(task, c, args.tasks))
        base = best[counts[0]][0]
        out(f"{name:20}" + "".join(f"{r:>8.1f}/s x{r / base:>4.2f} {cores:>4.2f}c" for r, cores in (best[c] for c in counts)))
    out("\n(tasks per second, all threads together; xN = speed-up over one thread;")
    out(" Nc = cores used: process CPU time / wall time, at most 1.0 while only one thread can run)")
    out(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    flags = f"--tasks {args.tasks} --repeat {args.repeat}" + (" --no-torch" if args.no_torch else "")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
