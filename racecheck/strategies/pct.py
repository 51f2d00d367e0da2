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
    Steps are the run's visible switch points (racecheck/_visible.py): a
    change before a frame-local instruction would act at the next visible one.
    With ``timeouts``, a pending timeout fires early at most ``depth`` times
    per run: at the first decision on or after each of ``depth`` random steps
    where one is pending (as if every other thread stalled that long). Never
    by priority: a high-priority thread in a retry loop would otherwise time
    out forever while a runnable one starves, a livelock no real scheduler
    produces.
    """

    name = "pct"
    skips_local = True  # choose() keeps the running thread before a frame-local instruction

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
        self.fire_at = sorted(rng.sample(range(1, self.steps + 1), min(self.depth, self.steps))) \
            if self.timeouts else []

    def _candidates(self, run, runnable):
        """The runnable threads, or [a thread whose pending timeout fires now]."""
        if len(runnable) > 1 or runnable[0].state != "runnable":
            waiting = [w for w in runnable if w.state != "runnable"]  # a pending timeout
            if waiting:
                if self.fire_at and run.vsteps >= self.fire_at[0]:
                    self.fire_at.pop(0)
                    return waiting
                runnable = [w for w in runnable if w.state == "runnable"]
        prio = self.prio
        for w in runnable:
            if w.idx not in prio:  # a thread started during the run
                prio[w.idx] = self.depth + self.rng.uniform(0, len(prio) + 1)
        return runnable

    def choose(self, run, cur, runnable, default):
        if default is cur and not run.visible:
            return cur  # a frame-local instruction: a switch here acts as at the next visible one
        runnable = self._candidates(run, runnable)
        if runnable[0].state != "runnable":
            return runnable[0]
        return self._pick(run, cur, runnable)

    def _pick(self, run, cur, runnable):
        """Of ``runnable`` (all runnable, at a visible step), the thread to run:
        the highest priority after any change due at this step. Variants of
        PCT override this step only."""
        step = run.vsteps
        if cur is not None and step in self.change and step != self.applied:
            self.applied = step
            self.prio[cur.idx] = self.change[step]
        prio = self.prio
        return max(runnable, key=lambda w: prio[w.idx])

    def describe(self) -> str:
        return f"PCT depth {self.depth}, seed {self.seed}"


def label(plan: Plan) -> str:
    return f"pct(depth={plan.depth or 3})"


@register("pct", label=label)
def runs(plan: Plan):
    for i in itertools.count():
        s = plan.seed + i
        yield PCT(s, plan.depth or 3, plan.steps, plan.eager(s))
