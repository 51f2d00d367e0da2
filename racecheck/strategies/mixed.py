"""The default search: random walk, PCT depth 2 and PCT depth 3 in turn."""

from __future__ import annotations

import itertools

from .base import Plan, register
from .pct import PCT
from .random_walk import RandomWalk


def label(plan: Plan) -> str:
    return "random+pct" if plan.depth is None else f"random+pct(depth={plan.depth})"


@register("mixed", label=label)
def runs(plan: Plan):
    """Seeds seed, seed+1, ...; with timeouts="explore" every other seed fires
    pending timeouts as choices, so each of the three kinds runs both ways."""
    for i in itertools.count():
        s = plan.seed + i
        kind = i % 3
        if kind == 0:
            yield RandomWalk(s, plan.eager(s))
        else:
            yield PCT(s, plan.depth or (2 if kind == 1 else 3), plan.steps, plan.eager(s))
