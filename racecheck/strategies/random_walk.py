"""Random walk: a uniformly random candidate at every switch point."""

from __future__ import annotations

import itertools
import random

from .base import Plan, register


class RandomWalk:
    name = "random"
    skips_local = True  # choose() keeps the running thread before a frame-local instruction

    def __init__(self, seed: int, timeouts: bool = False):
        self.seed = seed
        self.timeouts = timeouts

    def start(self, run) -> None:
        self.rng = random.Random(self.seed)

    def choose(self, run, cur, runnable, default):
        if default is cur and not run.visible:
            return cur  # a frame-local instruction: switching here or at the next visible one is the same
        return runnable[self.rng.randrange(len(runnable))] if len(runnable) > 1 else runnable[0]

    def describe(self) -> str:
        return f"random walk, seed {self.seed}"


@register("random")
def runs(plan: Plan):
    for i in itertools.count():
        yield RandomWalk(plan.seed + i, plan.eager(plan.seed + i))
