"""Scheduling strategies: who runs at each decision point.

A strategy sees the running thread (``cur``, possibly blocked or finished),
the runnable threads in index order and the ``default`` choice (keep running
``cur`` if it can, else the lowest-index runnable thread). It must be a pure
function of its seed and the choices so far, so a seed replays exactly.
"""

from __future__ import annotations

import random

from ._runtime import NondeterministicScenario


class Strategy:
    name = "strategy"

    def start(self, run) -> None:
        pass

    def choose(self, run, cur, runnable, default):
        raise NotImplementedError

    def describe(self) -> str:
        return self.name


class Serial(Strategy):
    """No preemption: each thread runs until it blocks or ends (the calibration run)."""

    name = "serial"

    def choose(self, run, cur, runnable, default):
        return default


class RandomWalk(Strategy):
    """Uniformly random runnable thread at every switch point."""

    name = "random"

    def __init__(self, seed: int):
        self.seed = seed

    def start(self, run):
        self.rng = random.Random(self.seed)

    def choose(self, run, cur, runnable, default):
        return runnable[self.rng.randrange(len(runnable))] if len(runnable) > 1 else runnable[0]

    def describe(self):
        return f"random walk, seed {self.seed}"


class PCT(Strategy):
    """Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS 2010).

    Threads get distinct random priorities >= depth; the highest-priority
    runnable thread always runs. At depth-1 random steps out of the estimated
    ``steps`` the running thread's priority drops below every initial one. A
    bug of depth d is found with probability >= 1/(n * k**(d-1)) per run.
    """

    name = "pct"

    def __init__(self, seed: int, depth: int, steps: int):
        self.seed = seed
        self.depth = max(1, depth)
        self.steps = max(1, steps)

    def start(self, run):
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

    def describe(self):
        return f"PCT depth {self.depth}, seed {self.seed}"


class Guided(Strategy):
    """Replays a list of deviations (decision index -> thread index) from the default."""

    name = "schedule"

    def __init__(self, deviations):
        self.deviations = dict(deviations)

    def choose(self, run, cur, runnable, default):
        want = self.deviations.get(len(run.decisions))
        if want is not None:
            for w in runnable:
                if w.idx == want:
                    return w
        return default

    def describe(self):
        return "explicit schedule"


class Exhaustive(Strategy):
    """Depth-first search over all schedules with at most `bound` preemptions (CHESS).

    Driven across runs: after each run call advance(); it returns False when
    every schedule within the bound has been explored.
    """

    name = "exhaustive"

    def __init__(self, bound: int):
        self.bound = bound
        self.prefix: list[int] = []
        # One node per decision on the current path:
        # [options, cur_idx_if_runnable, tried, preemptions_before, chosen]
        self.path: list[list] = []

    def start(self, run):
        self.depth = 0
        self.preempted = 0

    def choose(self, run, cur, runnable, default):
        i = self.depth
        self.depth += 1
        options = [w.idx for w in runnable]
        cur_idx = cur.idx if cur is not None and cur in runnable else None
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
            self.path.append([options, cur_idx, {want}, self.preempted, want])
        if cur_idx is not None and want != cur_idx:
            self.preempted += 1
        for w in runnable:
            if w.idx == want:
                return w
        return default

    def advance(self) -> bool:
        del self.path[self.depth:]
        while self.path:
            options, cur_idx, tried, pre, _chosen = self.path[-1]
            for t in options:
                if t in tried:
                    continue
                cost = pre + (1 if cur_idx is not None and t != cur_idx else 0)
                if cost <= self.bound:
                    tried.add(t)
                    self.prefix = [n[4] for n in self.path[:-1]] + [t]
                    return True
            self.path.pop()
        return False

    def describe(self):
        return f"exhaustive, preemption bound {self.bound}"
