"""The one template of the LeetCode concurrency tests.

Every problem is a data row, `Problem`: its correct modules, its known-bad
modules with the failure kind racecheck must report, and a scenario builder
(the judge's threads and a judge-style check). `test_leetcode.py` runs the
same checks on every row:

* racecheck.verify on every correct module (and on every extra parameter
  set the row names, such as a larger ``n``);
* racecheck.expect_failure on every known-bad module, plus the published
  failure report on its page, replayed (tests.support.counterexamples);
* the same scenario on real threads (racecheck.stress_scenario);
* for "print in order" problems (a `Judge`), the judge itself on real threads
  in every start order and at larger sizes.

A new problem adds a row to `problems.py` and its scenario; a test module of
its own holds only what is special to it (the judge's examples, a
deterministic demo of a bad variant).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, Callable, Sequence

import racecheck

from tests.support.threads import run_threads

COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets" / "problems" / "leetcode" / "counterexamples"


def short(mod: ModuleType) -> str:
    """The module's own name, without its package: ids and scenario names."""
    return mod.__name__.rsplit(".", 1)[-1]


def state(obj: object, **extra: object) -> SimpleNamespace:
    """Fresh shared state for one run: the object under test and an output log.

    ``out.append`` is a single C call, so it is atomic under the GIL and
    the log records the order in which the callbacks really ran.
    """
    return SimpleNamespace(obj=obj, out=[], **extra)


def published(bad_module: ModuleType) -> Path:
    """The failure report of ``bad_module`` that its page includes.

    Regenerate with ``UPDATE_COUNTEREXAMPLES=1 .venv/bin/pytest tests/problems/leetcode``
    on Python 3.11 and review the diff.
    """
    return COUNTEREXAMPLES / f"{short(bad_module)}.txt"


def scenario_for(mod: ModuleType, title: str, setup, threads, check, **options: Any) -> racecheck.Scenario:
    """The scenario of one module: named ``"<title>: <module>"``, with the
    module as racecheck's target (its code gets the switch points)."""
    return racecheck.Scenario(
        name=f"{title}: {short(mod)}", setup=setup, threads=threads, check=check, targets=[mod], **options
    )


@dataclass(frozen=True)
class Judge:
    """The judge of a "print in order" problem: build the object with ``n``,
    start one thread per method (each prints through a callback into
    ``state.out``), compare the output with ``expected(n)``.

    title:   scenario name before the module's name; ``{n}`` is filled in.
    make:    (module, n) -> the object under test.
    calls:   thread bodies, each state -> None (the judge's threads).
    expected: n -> the only correct output.
    n:       the size racecheck explores (small: every schedule counts).
    sizes, start_orders: the real-thread runs (larger sizes, every or some
             permutation of the thread start order).
    """

    title: str
    make: Callable[[ModuleType, int], object]
    calls: Sequence[Callable[[SimpleNamespace], object]]
    expected: Callable[[int], list]
    n: int
    sizes: Sequence[int]
    start_orders: Sequence[tuple[int, ...]]
    scenario_options: dict = field(default_factory=dict)

    def scenario(self, mod: ModuleType, n: int | None = None) -> racecheck.Scenario:
        n = self.n if n is None else n
        expected = self.expected(n)

        def check(s):
            assert s.out == expected, f"output was {s.out}"

        return scenario_for(
            mod, self.title.format(n=n), lambda: state(self.make(mod, n)), list(self.calls), check,
            **self.scenario_options,
        )

    def run_real_threads(self, mod: ModuleType, start_order: Sequence[int], n: int) -> None:
        s = state(self.make(mod, n))
        run_threads(*(lambda body=self.calls[i]: body(s) for i in start_order))
        assert s.out == self.expected(n)


@dataclass(frozen=True)
class Extra:
    """One more parameter set a row's correct modules are verified with."""

    id: str
    params: dict
    budget: float | None = None


@dataclass(frozen=True)
class Problem:
    """One LeetCode problem: a row of the template.

    scenario: (module, **params) -> racecheck.Scenario; the same builder
              serves correct modules, known-bad ones and real threads.
    bad:      (known-bad module, the failure kind racecheck must report).
    judge:    for "print in order" problems, also run on real threads.
    """

    number: int
    good: Sequence[ModuleType]
    bad: Sequence[tuple[ModuleType, str]]
    scenario: Callable[..., racecheck.Scenario]
    extra: Sequence[Extra] = ()
    more: Sequence[Callable[[ModuleType], racecheck.Scenario]] = ()  # more scenarios every correct module passes
    judge: Judge | None = None
    stress_rounds: int = 100

    @property
    def id(self) -> str:
        return f"p{self.number}"


def judge_problem(number: int, good, bad, judge: Judge, **options: Any) -> Problem:
    """A row whose scenario is its judge's."""
    return Problem(number, good, bad, judge.scenario, judge=judge, **options)
