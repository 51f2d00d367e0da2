"""backward() from several threads into one leaf: exact sums, foreign reads of .grad.

Runs snippets/analysis/real_stack/torch_grad_accumulation.py --repeat times
for each thread count and prints whether the final .grad equalled the
serial sum (float64, integer values: exact), and how many reads of .grad
right after a thread's own backward() already held other threads' work.

    .venv/bin/python -m bench.analysis_torch_autograd [--steps 200] [--repeat 5]
"""

from __future__ import annotations


from bench.machine import banner
from bench.output import Lines, Script

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/real_stack/figures/torch_autograd.md"],
    inputs=[
        "snippets/analysis/real_stack/torch_grad_accumulation.py",
        "snippets/analysis/real_stack/torch_grad_mode.py",
    ],
    smoke=["--steps", "3", "--size", "8", "--threads", "1,2", "--repeat", "1"],
    libraries=("torch",),
)


def main(argv: list[str] | None = None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--steps", type=int, default=200, help="backward() calls per thread")
    ap.add_argument("--size", type=int, default=1024, help="elements of the shared leaf")
    ap.add_argument("--threads", default="1,2,4,8")
    ap.add_argument("--repeat", type=int, default=5)
    args = SCRIPT.parse_args(ap, argv)

    import torch

    from snippets.analysis.real_stack.torch_grad_accumulation import backward_from_threads
    from snippets.analysis.real_stack.torch_grad_mode import grad_mode_in_new_thread

    out = Lines()
    out(banner(libraries=["torch"]))
    out()
    out("grad mode: " + ", ".join(f"{who}: {on}" for who, on in grad_mode_in_new_thread().items()))
    out()
    out(f"{args.steps} backward() calls per thread on one float64 leaf of {args.size}; "
        f"{args.repeat} runs per row")
    out(f"{'threads':>7}  {'final .grad exact':>17}  {'reads with other threads’ work (min-max)':>42}")
    for threads in [int(x) for x in args.threads.split(",")]:
        runs = [backward_from_threads(threads, args.steps, args.size) for _ in range(args.repeat)]
        exact = sum(torch.equal(r.grad, r.expected) for r in runs)
        foreign = [r.foreign_reads for r in runs]
        span = f"{min(foreign)}-{max(foreign)} of {runs[0].reads}"
        out(f"{threads:>7}  {f'{exact} of {len(runs)} runs':>17}  {span:>42}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
