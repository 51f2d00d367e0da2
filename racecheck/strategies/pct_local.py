"""PCT with each priority drop drawn in the running thread's own steps:
"pct-local" (visible steps) and "pct-sync" (operations on primitives)."""

from __future__ import annotations

import itertools

from .base import Plan, register
from .pct import PCT


class LocalPCT(PCT):
    """PCT with each priority change drawn in the running thread's own steps.

    Paper PCT draws its change points among the steps of all threads
    together, so a change often falls while another thread runs, or after
    the top thread has finished, and is wasted. Here, whenever a thread
    becomes the top-priority one while changes are left, the step at which
    it drops to the lowest priority is drawn among its own remaining steps
    (counted in the calibration run). A depth-2 bug that needs the first
    thread preempted in a window of w of its own k steps is then found with
    probability about w/(n*k) per run instead of w/(n*K), K the steps of all
    threads (4 times as often for the ABA case of the catalog).

    ``sync`` counts only the thread's operations on modelled primitives
    (acquire, release, wait, put, ...): a bug whose window ends at one (state
    read under one acquisition and acted on under the next: ABA, a stale
    check, a lock-order inversion) then needs one of a handful of choices.
    A scenario whose calibration run made no such operation counts visible
    steps instead.
    """

    name = "pct-local"

    def __init__(self, seed: int, depth: int, thread_steps=(), timeouts: bool = False,
                 thread_sync_steps=()):
        sync = any(thread_sync_steps)
        own = tuple(thread_sync_steps if sync else thread_steps) or (1,)
        super().__init__(seed, depth, sum(thread_steps), timeouts)  # (timeouts: visible steps)
        self.sync = sync
        self.own = own

    def start(self, run) -> None:
        super().start(run)
        self.left = self.depth - 1
        self.drop: dict[int, int] = {}  # thread idx -> its own step count at which it drops
        self.low = self.depth - 1

    def _pick(self, run, cur, runnable):
        prio = self.prio
        drop = self.drop
        if cur is not None and cur.idx in drop and (run.at_sync or not self.sync) and \
                (cur.ssteps if self.sync else cur.vsteps) >= drop[cur.idx]:
            del drop[cur.idx]
            prio[cur.idx] = self.low
            self.low -= 1
        pick = max(runnable, key=lambda w: prio[w.idx])
        if self.left and pick.idx not in drop and prio[pick.idx] >= self.depth:
            own = self.own
            k = own[pick.idx] if pick.idx < len(own) else max(own)
            done = pick.ssteps if self.sync else pick.vsteps
            drop[pick.idx] = done + self.rng.randint(1, max(1, k - done))
            self.left -= 1
        return pick

    def describe(self) -> str:
        return f"{self.name} depth {self.depth}, seed {self.seed}"


class SyncPCT(LocalPCT):
    """LocalPCT counting operations on modelled primitives (see LocalPCT)."""

    name = "pct-sync"


def local(plan: Plan, seed: int, depth: int) -> LocalPCT:
    """The pct-local run for `seed` (counting visible steps)."""
    return LocalPCT(seed, depth, plan.thread_steps, plan.eager(seed))


def sync(plan: Plan, seed: int, depth: int) -> LocalPCT:
    """The pct-sync run for `seed` (counting operations on primitives, if any)."""
    return SyncPCT(seed, depth, plan.thread_steps, plan.eager(seed), plan.thread_sync_steps)


@register("pct-local", label=lambda plan: f"pct-local(depth={plan.depth or 2})")
def local_runs(plan: Plan):
    for i in itertools.count():
        yield local(plan, plan.seed + i, plan.depth or 2)


@register("pct-sync", label=lambda plan: f"pct-sync(depth={plan.depth or 2})")
def sync_runs(plan: Plan):
    for i in itertools.count():
        yield sync(plan, plan.seed + i, plan.depth or 2)
