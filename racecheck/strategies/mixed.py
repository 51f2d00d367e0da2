"""The default search: random walk and the per-thread PCT variants in turn."""

from __future__ import annotations

import itertools

from .base import Plan, register
from .pct_local import local, sync
from .random_walk import RandomWalk


def label(plan: Plan) -> str:
    return "random+pct" if plan.depth is None else f"random+pct(depth={plan.depth})"


@register("mixed", label=label)
def runs(plan: Plan):
    """Seeds seed, seed+1, ... in a cycle of five kinds: random walk, pct-local
    depth 2, pct-sync depth 2, random walk, pct-local depth 3 (racecheck/strategies/pct_local.py).
    Random walk finds the shallow bugs with many short windows at once; the
    PCT runs find the ones that need a thread preempted in one precise
    window and another to run long enough meanwhile. With timeouts="explore"
    every other seed fires pending timeouts as choices, and the cycle's odd
    length gives each kind both ways."""
    for i in itertools.count():
        s = plan.seed + i
        kind = i % 5
        if kind in (0, 3):
            yield RandomWalk(s, plan.eager(s))
        elif kind == 1:
            yield local(plan, s, plan.depth or 2)
        elif kind == 2:
            yield sync(plan, s, plan.depth or 2)
        else:
            yield local(plan, s, plan.depth or 3)
