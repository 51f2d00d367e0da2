"""The strategy protocol and the registry of searches by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Protocol, runtime_checkable


@runtime_checkable
class Strategy(Protocol):
    """Who runs next at each switch point of one run.

    ``choose`` sees the running thread ``cur`` (possibly blocked or finished),
    the candidates in index order and the ``default`` (keep running ``cur`` if
    it can, else the lowest-index runnable thread). When ``timeouts`` is true
    the candidates may include one blocked thread with a pending timeout:
    choosing it fires that timeout now. A strategy must be a pure function of
    its seed and the choices so far, so a seed replays exactly.
    """

    name: str
    timeouts: bool

    def start(self, run) -> None: ...

    def choose(self, run, cur, runnable, default): ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class Plan:
    """What a search is given: the seed, options and the calibration run's length."""

    seed: int = 0
    depth: int | None = None  # PCT depth (None: the search's default)
    bound: int = 2  # preemption bound of exhaustive search
    steps: int = 1  # visible switch points of the serial calibration run (Run.vsteps)
    timeouts: str = "explore"  # Scenario.timeouts: "explore" | "eager" | "lazy"
    sync_steps: int = 1  # switch points at modelled operations in the calibration run (Run.ssteps)
    thread_steps: tuple = ()  # each thread's own visible switch points in the calibration run
    thread_sync_steps: tuple = ()  # each thread's own modelled operations in the calibration run

    def eager(self, seed: int) -> bool:
        """Whether run with this seed offers timeouts as choices ("explore": every other seed)."""
        if self.timeouts == "explore":
            return seed % 2 == 1
        return self.timeouts == "eager"


@dataclass(frozen=True)
class Search:
    """A registered search: its runs, and whether a serial calibration run comes first."""

    name: str
    runs: Callable[[Plan], Iterator[Strategy]]
    calibrate: bool
    label: Callable[[Plan], str]
    exhaustive: bool  # running out of runs means the whole space was covered


SEARCHES: dict[str, Search] = {}


def register(name: str, *, calibrate: bool = True, exhaustive: bool = False,
             label: Callable[[Plan], str] | None = None):
    """Register ``runs(plan) -> Iterator[Strategy]`` as the search called `name`."""

    def deco(runs):
        if name in SEARCHES:
            raise ValueError(f"racecheck: strategy {name!r} is registered twice")
        SEARCHES[name] = Search(name, runs, calibrate, label or (lambda plan: name), exhaustive)
        return runs

    return deco


def names() -> list[str]:
    return sorted(SEARCHES)


def get(name: str) -> Search:
    search = SEARCHES.get(name) if isinstance(name, str) else None
    if search is None:
        raise ValueError(f"racecheck: unknown strategy {name!r}; known strategies: "
                         + ", ".join(repr(n) for n in names()))
    return search
