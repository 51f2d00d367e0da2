"""DataLoader workers and seeding; fork while another thread holds a lock.

Prints one epoch of snippets/analysis/real_stack/dataloader_seeding.py's
dataset through the known-bad loader (no worker_init_fn) and the fixed one,
whether two runs with the same generator seed are identical, and the result
of fork_after_threads.py's demonstration.

    .venv/bin/python -m bench.analysis_dataloader [--items 8] [--workers 2]
"""

from __future__ import annotations

import multiprocessing

from bench.machine import banner
from bench.output import Lines, Script

SCRIPT = Script(
    __name__,
    outputs=["snippets/analysis/real_stack/figures/dataloader.md"],
    inputs=[
        "snippets/analysis/real_stack/dataloader_seeding.py",
        "snippets/analysis/real_stack/dataloader_seeding_bad.py",
        "snippets/analysis/real_stack/fork_after_threads.py",
    ],
    smoke=["--items", "4"],
    libraries=("torch",),
)


def main(argv: list[str] | None = None) -> None:
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--items", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    args = SCRIPT.parse_args(ap, argv)

    from snippets.analysis.real_stack import dataloader_seeding as good
    from snippets.analysis.real_stack import dataloader_seeding_bad as bad
    from snippets.analysis.real_stack.fork_after_threads import fork_while_another_thread_holds_a_lock

    out = Lines()
    out(banner(libraries=["torch"]))
    out(f"multiprocessing start method: {multiprocessing.get_start_method()}")
    for title, make in [("no worker_init_fn (bad)", bad.make_loader),
                        ("worker_init_fn=seed_worker", good.make_loader)]:
        items = good.draws(make(good.AugmentedDataset(args.items), workers=args.workers))
        distinct = len({p for _, _, p in items})
        out()
        out(f"{title}: {distinct} distinct parameters in {len(items)} items")
        out(f"  {'item':>4} {'worker':>6} {'parameter':>10}")
        for i, w, p in items:
            out(f"  {i:>4} {w:>6} {p:>10}")
    run = lambda seed: good.draws(good.make_loader(good.AugmentedDataset(args.items),  # noqa: E731
                                                   workers=args.workers, seed=seed))
    out()
    out(f"two runs with generator seed 1234 identical: {run(1234) == run(1234)}")
    out(f"a run with seed 4321 identical to seed 1234: {run(4321) == run(1234)}")
    out()
    out("fork while another thread holds a lock:")
    for who, what in fork_while_another_thread_holds_a_lock().items():
        out(f"  {who}: {what}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
