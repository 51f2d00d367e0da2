"""Guided: replays a list of deviations (decision index -> thread index) from the default."""

from __future__ import annotations


class Guided:
    name = "schedule"

    def __init__(self, deviations, timeouts: bool = True):
        self.deviations = dict(deviations)
        self.timeouts = timeouts

    def start(self, run) -> None:
        pass

    def choose(self, run, cur, runnable, default):
        want = self.deviations.get(len(run.decisions))
        if want is not None:
            for w in runnable:
                if w.idx == want:
                    return w
        return default

    def describe(self) -> str:
        return "explicit schedule"
