"""Exhaustive: depth-first search over all schedules with at most `bound` preemptions (CHESS)."""

from __future__ import annotations

from .._runtime import NondeterministicScenario
from .base import Plan, register


class Exhaustive:
    """Driven across runs: after each run call advance(); it returns False when
    every schedule within the bound has been explored. Firing a pending
    timeout early costs one preemption, whoever was running (else a retry
    loop could time out forever for free)."""

    name = "exhaustive"

    def __init__(self, bound: int, timeouts: bool = True):
        self.bound = bound
        self.timeouts = timeouts
        self.prefix: list[int] = []
        # One node per decision on the current path:
        # [options, cur_idx_if_runnable, tried, preemptions_before, chosen,
        #  idx of the thread whose pending timeout is offered (or None)]
        self.path: list[list] = []

    def start(self, run) -> None:
        self.depth = 0
        self.preempted = 0

    def choose(self, run, cur, runnable, default):
        i = self.depth
        self.depth += 1
        options = [w.idx for w in runnable]
        cur_idx = cur.idx if cur is not None and cur.state == "runnable" else None
        timed = next((w.idx for w in runnable if w.state != "runnable"), None)
        if i < len(self.prefix):
            want = self.prefix[i]
            if options != self.path[i][0]:
                raise NondeterministicScenario(
                    f"scenario {run.scenario.name!r} is not deterministic: replaying the "
                    "same choices reached a point with different runnable threads (does "
                    "it depend on real time, randomness or state left by earlier runs?)")
            self.path[i][4] = want
        else:
            want = default.idx
            del self.path[i:]
            self.path.append([options, cur_idx, {want}, self.preempted, want, timed])
        if (cur_idx is not None and want != cur_idx) or want == timed:
            self.preempted += 1
        for w in runnable:
            if w.idx == want:
                return w
        return default

    def advance(self) -> bool:
        del self.path[self.depth:]
        while self.path:
            options, cur_idx, tried, pre, _chosen, timed = self.path[-1]
            for t in options:
                if t in tried:
                    continue
                cost = pre + (1 if (cur_idx is not None and t != cur_idx) or t == timed else 0)
                if cost <= self.bound:
                    tried.add(t)
                    self.prefix = [n[4] for n in self.path[:-1]] + [t]
                    return True
            self.path.pop()
        return False

    def describe(self) -> str:
        return f"exhaustive, preemption bound {self.bound}"


def label(plan: Plan) -> str:
    return f"exhaustive(bound={plan.bound})"


@register("exhaustive", calibrate=False, exhaustive=True, label=label)
def runs(plan: Plan):
    explorer = Exhaustive(plan.bound, plan.timeouts != "lazy")
    while True:
        yield explorer
        if not explorer.advance():
            return
