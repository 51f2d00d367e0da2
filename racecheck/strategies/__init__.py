"""Scheduling strategies, registered by name in one place.

A strategy decides who runs at each switch point of one run; a search (the
``strategy=`` name of verify/expect_failure) is the sequence of runs it makes.
Both halves are one small typed protocol, ``racecheck.strategies.base``:

    class Strategy(Protocol):
        name: str                       # "random", "pct", ...
        timeouts: bool                  # offer the earliest pending timeout as a choice
        def start(self, run) -> None: ...
        def choose(self, run, cur, runnable, default): ...   # -> a runnable Worker
        def describe(self) -> str: ...  # "random walk, seed 3": printed in reports

    @register("name")
    def search(plan: Plan) -> Iterator[Strategy]: ...      # the runs, in order

A strategy may set ``skips_local = True`` to declare that ``choose`` keeps
the running thread before a frame-local instruction (``run.visible`` is
false there, racecheck/_visible.py); the run then takes those steps itself
without calling it, which is most steps of a run.

Adding a strategy is one module in this package (the class and its
``@register``-ed search) plus its tests: every module here is imported when
the package is, so the name is known to verify, expect_failure and replay.
See docs/contributing.md.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import SEARCHES, Plan, Strategy, get, names, register

for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _mod != "base":
        importlib.import_module(f"{__name__}.{_mod}")

__all__ = ["SEARCHES", "Plan", "Strategy", "get", "names", "register"]
