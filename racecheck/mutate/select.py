"""pytest plugin of racecheck.mutate: skip the test cases that cannot run the mutant.

A test file can import many snippet modules and parametrize one test over
them (the LeetCode template runs every problem's modules). A case whose
parameters are snippet modules, none of which is the mutated module, does not
execute it; running it costs time and proves nothing, so it is deselected.
Cases without module parameters always run, and so do cases whose module
imports the mutated one. Loaded with ``-p racecheck.mutate.select``; the
environment variable below holds the dotted names of the mutated module and of
every snippet module that imports it, comma-separated.
"""

from __future__ import annotations

import json
import os
import sys
import types

import pytest

ENV = "RACECHECK_MUTATE_MODULE"
FIRST_ENV = "RACECHECK_MUTATE_FIRST"  # node ids to run first: they killed earlier mutants quickly
THEN_ENV = "RACECHECK_MUTATE_THEN"  # node ids that killed earlier mutants only slowly (at a deadline)
REPORT_ENV = "RACECHECK_MUTATE_REPORT"  # JSON file this run writes: node id -> seconds, outcome
DURATIONS_ENV = "RACECHECK_MUTATE_DURATIONS"  # JSON file of the unmutated run, see pytest_sessionfinish


def _modules(value, depth=0):
    """Snippet modules in a parameter value (also inside tuples, lists and rows)."""
    if isinstance(value, types.ModuleType):
        return {value.__name__} if value.__name__.startswith("snippets.") else set()
    if depth > 2:
        return set()
    if isinstance(value, (tuple, list)):
        return set().union(*(_modules(v, depth + 1) for v in value))
    return set()


def pytest_collection_modifyitems(config, items):
    targets = set(filter(None, os.environ.get(ENV, "").split(",")))
    if not targets:
        return
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        mods = set().union(*(_modules(v) for v in params.values())) if params else set()
        (drop if mods and not mods & targets else keep).append(item)
        _item_modules[item.nodeid] = sorted(mods) if mods else None
    if drop:
        config.hook.pytest_deselected(items=drop)
    # With -x the first failure ends the run, so the order sets the cost of a
    # killed mutant. First the tests that killed this site (or this module's
    # earlier mutants) quickly; then the tests that explore schedules with
    # racecheck, which report a deadlock or a bad interleaving as soon as
    # they reach it, where a real-thread test sees a hang only at its
    # deadline; then the rest. Within each group, known killers first, then
    # the fastest of the unmutated run. Only the order changes, never the set.
    first = _positions(FIRST_ENV)
    then = _positions(THEN_ENV)
    record = read_record(os.environ.get(DURATIONS_ENV))

    def order(item):
        rec = record.get(item.nodeid, {})
        if item.nodeid in first:
            return (0, first[item.nodeid], 0.0)
        return (1 if rec.get("explores") else 2, then.get(item.nodeid, len(then)), rec.get("seconds", 0.0))

    keep.sort(key=order)
    items[:] = keep


def _positions(env: str) -> dict[str, int]:
    return {nodeid: i for i, nodeid in enumerate(filter(None, os.environ.get(env, "").split("\n")))}


def read_record(path: str | None) -> dict:
    """The unmutated run's record: node id -> {"seconds", "outcome", "modules", "explores"}."""
    if not path or not os.path.isfile(path):
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError:
        return {}


_item_modules: dict = {}  # node id -> the snippet modules of its parameters (None: no module parameter)
_seen: dict = {}


def pytest_runtest_logreport(report):
    rec = _seen.setdefault(report.nodeid, {"seconds": 0.0, "outcome": "passed"})
    rec["seconds"] += report.duration
    if report.failed:
        rec["outcome"] = "failed"


def _checks() -> int:
    api = sys.modules.get("racecheck._api")
    return len(getattr(api, "_RECORDS", ()))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Notes whether the test explored schedules (called racecheck's verify or expect_failure)."""
    before = _checks()
    yield
    if _checks() > before:
        _seen.setdefault(item.nodeid, {"seconds": 0.0, "outcome": "passed"})["explores"] = True


_status: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    """The unmutated run (the baseline) records, per test case, its seconds,
    its outcome and the snippet modules it is parametrized by: the mutant runs
    order their tests by it, and a baseline shared by several modules tells
    each module whether its own cases passed."""
    _status.append(int(exitstatus))
    report = os.environ.get(REPORT_ENV)
    if report:
        with open(report, "w", encoding="utf-8") as f:
            json.dump(_seen, f)
    path = os.environ.get(DURATIONS_ENV)
    if path and not os.path.isfile(path) and _seen:
        for nodeid, rec in _seen.items():
            rec["modules"] = _item_modules.get(nodeid)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_seen, f)



@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Exit at once with pytest's status: a mutant can leave non-daemon
    threads behind (a waiter nobody wakes), and the interpreter would wait
    for them forever after the tests have already failed."""
    if os.environ.get(ENV) and _status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_status[-1])
