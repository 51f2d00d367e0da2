"""Matrix multiplications per second: Python threads x torch intra-op threads.

Runs snippets/analysis/real_stack/torch_threads.py's matmul_rate over a grid
of Python threads (1, 2, 4) and intra-op threads (1, 2), --repeat times each
in interleaved order, and prints the median. The machine is shared, so the
load average at the start and the end is printed too.

    .venv/bin/python -m bench.analysis_torch_threads [--size 256] [--seconds 1] [--repeat 5]
"""

from __future__ import annotations

import os
import statistics

from bench.machine import banner
from bench.output import Lines, Script

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/real_stack/figures/torch_threads.md"],
    inputs=["snippets/analysis/real_stack/torch_threads.py"],
    smoke=["--size", "16", "--seconds", "0.02", "--repeat", "1", "--python-threads", "1,2",
           "--intra-op", "1"],
    libraries=("torch",),
)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--size", type=int, default=256, help="square matrix size (float32)")
    ap.add_argument("--seconds", type=float, default=1.0, help="length of one measurement")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--python-threads", default="1,2,4")
    ap.add_argument("--intra-op", default="1,2")
    args = SCRIPT.parse_args(ap, argv)

    import torch

    from snippets.analysis.real_stack.torch_threads import matmul_rate, num_threads_as_seen

    py_counts = [int(x) for x in args.python_threads.split(",")]
    intra_counts = [int(x) for x in args.intra_op.split(",")]
    out = Lines()
    out(banner(libraries=["torch"]))
    out(torch.__config__.parallel_info().splitlines()[-1].strip())
    out(f"default intra-op threads: {torch.get_num_threads()}, inter-op: {torch.get_num_interop_threads()}")
    out(f"load average at start (1, 5, 15 min): {load()}")
    out(f"{args.size}x{args.size} float32 torch.mm, {args.seconds} s per measurement, "
        f"median of {args.repeat} (interleaved)")
    out()
    out("set_num_threads(1) called in a worker thread; who sees what:")
    for who, n in num_threads_as_seen(1).items():
        out(f"  {who:28} {n}")
    out()
    matmul_rate(1, 1, args.size, min(args.seconds, 0.2))  # warm-up: MKL and OpenMP start-up
    samples: dict[tuple[int, int], list[float]] = {(p, i): [] for p in py_counts for i in intra_counts}
    for _ in range(args.repeat):
        for key in samples:
            samples[key].append(matmul_rate(*key, size=args.size, seconds=args.seconds))
    for title, field in [("per wall-clock second (all threads)", "per_second"),
                         ("per CPU-second used by the process", "per_cpu_second")]:
        out(f"multiplications {title}:")
        out("  python threads".ljust(18) + "".join(f"{f'intra-op {i}':>14}" for i in intra_counts))
        for p in py_counts:
            row = "".join(f"{statistics.median(getattr(r, field) for r in samples[(p, i)]):>14.0f}"
                          for i in intra_counts)
            out(f"  {p:<16}{row}")
        out()
    out(f"load average at end: {load()}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
