"""Serial: no preemption; each thread runs until it blocks or ends (the calibration run)."""

from __future__ import annotations


class Serial:
    name = "serial"
    timeouts = False
    skips_local = True  # choose() always keeps the running thread

    def start(self, run) -> None:
        pass

    def choose(self, run, cur, runnable, default):
        return default

    def describe(self) -> str:
        return self.name
