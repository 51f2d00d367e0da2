"""Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS 2010)."""

from __future__ import annotations

import itertools
import random

from .base import Plan, register


class PCT:
    """Threads get distinct random priorities >= depth; the highest-priority
    candidate always runs. At depth-1 random steps out of the estimated
    ``steps`` the running thread's priority drops below every initial one. A
    bug of depth d is found with probability >= 1/(n * k**(d-1)) per run.
    A thread waiting with a timeout competes with its own priority: choosing
    it fires the timeout.
    """

    name = "pct"

    def __init__(self, seed: int, depth: int, steps: int, timeouts: bool = False):
        self.seed = seed
        self.depth = max(1, depth)
        self.steps = max(1, steps)
        self.timeouts = timeouts

    def start(self, run) -> None:
        rng = random.Random(self.seed)
        n = len(run.workers)
        order = list(range(n))
        rng.shuffle(order)
        self.prio = {w.idx: self.depth + order[i] for i, w in enumerate(run.workers)}
        count = min(self.depth - 1, self.steps)
        points = rng.sample(range(1, self.steps + 1), count) if count else []
        self.change = {step: self.depth - 1 - i for i, step in enumerate(sorted(points))}
        self.applied = -1
        self.rng = rng

    def choose(self, run, cur, runnable, default):
        for w in runnable:
            if w.idx not in self.prio:  # a thread started during the run
                self.prio[w.idx] = self.depth + self.rng.uniform(0, len(self.prio) + 1)
        step = run.steps
        if cur is not None and step in self.change and step != self.applied:
            self.applied = step
            self.prio[cur.idx] = self.change[step]
        return max(runnable, key=lambda w: self.prio[w.idx])

    def describe(self) -> str:
        return f"PCT depth {self.depth}, seed {self.seed}"


def label(plan: Plan) -> str:
    return f"pct(depth={plan.depth or 3})"


@register("pct", label=label)
def runs(plan: Plan):
    for i in itertools.count():
        s = plan.seed + i
        yield PCT(s, plan.depth or 3, plan.steps, plan.eager(s))
