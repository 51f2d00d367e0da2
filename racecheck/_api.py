"""The public API: Scenario, verify, expect_failure, replay, explore_exhaustive."""

from __future__ import annotations

import collections
import functools
import json
import os
import sys
import types
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from . import _failure, _model, _real, _report, _runtime
from ._patch import Patcher
from ._runtime import Run, UnsupportedOperation
from ._tracing import make_tracer
from .strategies import Plan
from .strategies import get as get_strategy
from .strategies.exhaustive import Exhaustive
from .strategies.guided import Guided
from .strategies.serial import Serial

# Default budgets at RACECHECK_BUDGET=1 (each is multiplied by the budget).
VERIFY_RUNS = 120
VERIFY_SECONDS = 1.5
EXPECT_RUNS = 1500
EXPECT_SECONDS = 10.0
EXHAUSTIVE_RUNS = 2000
DEFAULT_WATCHDOG = 5.0
MINIMIZE_ATTEMPTS = 200
DEFAULT_MAX_STEPS = 20_000  # the least step limit of a run (Scenario.max_steps=None)
CALIBRATION_MAX_STEPS = 100_000  # the serial calibration run's limit
LIVELOCK_FACTOR = 4  # later runs may take this many times the calibration run's steps

_RECORDS: list[dict] = []  # this process's calls, read by the pytest plugin


_TARGET_TYPES = (types.ModuleType, type, types.FunctionType, types.MethodType)
# Values that hold no primitive (name_prims does not descend into them).
_LEAVES = frozenset({str, bytes, int, float, bool, complex, type(None)})


@dataclass
class Scenario:
    """A small concurrent scenario: fresh state, 1-8 thread bodies, a final check.

    setup:   () -> state; called before every run (the threads share its result).
    threads: callables state -> Any, one per thread (2-4 is the sweet spot).
    check:   state -> bool|None after every thread has ended; False or an
             AssertionError is a failure ("invariant"). Any other return value
             is a TypeError (a falsy non-bool is never a pass). None: no check.
    targets: modules, classes or functions (at least one) whose code gets a
             switch point at every bytecode (granularity="bytecode") or line
             ("line"): all code defined in them, however it is reached. Code
             outside the targets runs without switches, except that every
             operation on a modelled primitive is a switch point.
    max_steps: switch points per run before the run is a "livelock" failure.
             None (default): the serial calibration run may take up to
             CALIBRATION_MAX_STEPS, every later run up to
             max(DEFAULT_MAX_STEPS, LIVELOCK_FACTOR x the calibration run's
             steps), so a long correct scenario (4 threads x 200 queue
             operations) is not a false livelock and a short one that spins
             is still stopped early.
    timeouts: "explore" (default: half of the random/PCT runs, every exhaustive
             and replayed run, may fire the earliest pending timeout at any
             switch point, so a race between a timed wait timing out and the
             work completing is found; the other runs time out only when no
             thread can run), "eager" (every run may) or "lazy" (none: time
             passes only when no thread can run).
    guards:  None, or state -> [racecheck.guarded(obj, "lock", "attr", ...)]:
             attributes that a thread of the run may only touch while it
             holds the named lock of the same object (racecheck/_guards.py);
             the first access without it fails the run ("invariant").
    """

    name: str
    setup: Callable[[], Any]
    threads: Sequence[Callable[[Any], Any]]
    check: Callable[[Any], Any] | None = None
    targets: Sequence[Any] = field(default_factory=tuple)
    granularity: str = "bytecode"
    max_steps: int | None = None
    timeouts: str = "explore"
    guards: Callable[[Any], Any] | None = None

    def __post_init__(self):
        self.threads = list(self.threads)
        if not 1 <= len(self.threads) <= 8:
            raise ValueError(f"scenario {self.name!r}: give 1 to 8 threads")
        if not all(callable(t) for t in self.threads):
            raise TypeError(f"scenario {self.name!r}: every thread must be callable")
        if self.granularity not in ("bytecode", "line"):
            raise ValueError("granularity must be 'bytecode' or 'line'")
        if self.timeouts not in ("explore", "eager", "lazy"):
            raise ValueError(f"scenario {self.name!r}: timeouts must be 'explore', 'eager' "
                             f"or 'lazy', not {self.timeouts!r}")
        if self.guards is not None and not callable(self.guards):
            raise TypeError(f"scenario {self.name!r}: guards must be a function of the state "
                            "returning racecheck.guarded(...) values")
        if isinstance(self.targets, _TARGET_TYPES) or not isinstance(self.targets, Sequence):
            self.targets = [self.targets]
        self.targets = list(self.targets)
        if not self.targets:
            raise ValueError(
                f"scenario {self.name!r}: targets is empty; name the modules, classes or "
                "functions whose code should get switch points (without them only "
                "operations on locks and other primitives could interleave)")
        for t in self.targets:
            if not isinstance(t, _TARGET_TYPES):
                raise TypeError(
                    f"scenario {self.name!r}: targets must be modules, classes or functions, "
                    f"not {type(t).__name__} {t!r}")


class RacecheckWarning(UserWarning):
    """A search ran but could not cover what it was asked to (see Result.gaps)."""


class ScheduleFailure(AssertionError):
    """A schedule under which the scenario fails; its str() is the full report.

    kind:          "invariant" | "deadlock" | "exception" | "livelock"
    seed:          seed of the run that found it (None for exhaustive/schedule runs)
    strategy:      "random" | "pct" | "exhaustive" | "serial" | "schedule"
    depth:         PCT depth (None otherwise)
    schedule:      minimized schedule string for replay(scenario, schedule=...)
    schedule_text: the step-by-step table of that schedule
    details:       deadlock positions, traceback or check message
    record:        the frozen FailureRecord (typed events) the text was built from
    """

    def __init__(self, message, **info):
        super().__init__(message)
        self.message = message
        self.kind = info["kind"]
        self.seed = info.get("seed")
        self.strategy = info.get("strategy")
        self.depth = info.get("depth")
        self.scenario = info.get("scenario")
        self.schedule = info.get("schedule", "")
        self.schedule_text = info.get("schedule_text", "")
        self.details = info.get("details", "")
        self.preemptions = info.get("preemptions", 0)
        self.runs = info.get("runs", 0)
        self.replay_call = info.get("replay_call", "")
        self.record: _failure.FailureRecord | None = info.get("record")

    def __str__(self):
        return self.message


@dataclass
class Result:
    """What a passing verify/explore_exhaustive explored."""

    scenario: str
    runs: int
    strategies: str
    seconds: float
    complete: bool = False  # exhaustive: every schedule within the bound was run
    # Target code that ran without switch points (in a thread the scheduler does
    # not control, or after the scenario replaced the tracer): a search with a
    # gap is never complete, and verify warns about it.
    gaps: tuple = ()


# ------------------------------------------------------------------ session
# One session at a time per process: patches are process-wide.
_SESSION_GUARD = _real.allocate_lock()
_SESSION_OWNER: str | None = None


# What a run may leave in a target module for the next run: a scalar's value,
# a container's length, an object's type (setup may make a fresh one per
# run). Code, classes and primitives (swapped per run) are not state.
_SCALARS = (type(None), bool, int, float, complex, str, bytes)
_CONTAINERS = (dict, list, set, collections.deque)
_NOT_STATE = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
              types.MethodType, property, staticmethod, classmethod, functools.cached_property,
              _model._Prim)


def _fingerprint(value):
    if type(value) in _SCALARS:
        return value
    if isinstance(value, _CONTAINERS):
        return (type(value).__name__, len(value))
    if isinstance(value, _NOT_STATE):
        return None
    return type(value).__qualname__


def module_state(modules) -> dict[str, object]:
    """A fingerprint of the target modules' globals and their classes' attributes."""
    out: dict[str, object] = {}
    for mod in modules:
        label = mod.__name__.rsplit(".", 1)[-1]
        for name, value in list(object.__getattribute__(mod, "__dict__").items()):
            if name.startswith("__"):
                continue
            fp = _fingerprint(value)
            if fp is not None:
                out[f"{label}.{name}"] = fp
            if isinstance(value, type) and value.__module__ == mod.__name__:
                for attr, item in list(value.__dict__.items()):
                    fp = None if attr.startswith("__") else _fingerprint(item)
                    if fp is not None:
                        out[f"{label}.{name}.{attr}"] = fp
    return out


def _describe(fp) -> str:
    return f"{fp[1]} items" if isinstance(fp, tuple) and len(fp) == 2 else repr(fp)


class _Session:
    def __init__(self, scenario: Scenario, watchdog: float | None):
        self.scenario = scenario
        self.max_steps = scenario.max_steps or DEFAULT_MAX_STEPS
        self.timeouts = scenario.timeouts
        # Explicit schedules and exhaustive search offer pending timeouts as
        # choices unless the scenario says "lazy" (a lazy schedule replays the
        # same way: the default choice never fires a timeout).
        self.offer_timeouts = scenario.timeouts != "lazy"
        self.watchdog = watchdog if watchdog is not None else float(
            os.environ.get("RACECHECK_WATCHDOG", DEFAULT_WATCHDOG))
        self.runs = 0
        self.gaps: list[str] = []
        self.visibility: dict = {}  # code -> racecheck._visible.table(code), for every run
        self._first_state: dict[str, object] | None = None
        # Module state a run changed that the next run's setup did not reset
        # ("mod.NAME: before -> after"): later runs start where that one left
        # off, so the path that first fills a cache or registry runs once.
        self.leftover: list[str] = []

    def __enter__(self):
        global _SESSION_OWNER
        if not _SESSION_GUARD.acquire(blocking=False):
            other = _SESSION_OWNER
            raise UnsupportedOperation(
                f"scenario {self.scenario.name!r}: racecheck is already running scenario "
                f"{other!r} in this process. A controlled run patches threading and time for "
                "the whole process, so verify/expect_failure/replay/explore_exhaustive run "
                "one at a time: not from two threads at once, and never from inside a "
                "scenario (setup, a thread or the check)")
        _SESSION_OWNER = self.scenario.name
        try:
            self.tracer, modules = make_tracer(self.scenario.targets, self.scenario.granularity)
            self.patcher = Patcher(modules)
            try:
                self.patcher.apply()
            except BaseException:
                self.patcher.restore()
                self.tracer.close()
                raise
        except BaseException:
            _SESSION_OWNER = None
            _SESSION_GUARD.release()
            raise
        return self

    def __exit__(self, *exc):
        global _SESSION_OWNER
        try:
            self.patcher.restore()
            self.tracer.close()
        finally:
            _SESSION_OWNER = None
            _SESSION_GUARD.release()

    def calibrate(self) -> Run:
        """The serial run; with Scenario.max_steps=None it sets the later runs' step limit."""
        if self.scenario.max_steps is None:
            self.max_steps = CALIBRATION_MAX_STEPS
        run = self.run(Serial())
        if self.scenario.max_steps is None:
            self.max_steps = max(DEFAULT_MAX_STEPS, LIVELOCK_FACTOR * run.steps)
        return run

    def run(self, strategy) -> Run:
        self.runs += 1
        run = Run(self, strategy).execute()
        for gap in run.gaps:
            if gap not in self.gaps:
                self.gaps.append(gap)
        if run.failure is not None and run.failure["kind"] == "unsupported":
            raise UnsupportedOperation(run.failure["message"])
        return run

    def after_setup(self, run) -> None:
        """Called by the run once setup has returned."""
        self.name_prims(run)
        if self.runs <= 2:  # the first two runs' starting points
            state = module_state(self.patcher.modules)
            if self.runs == 1:
                self._first_state = state
            elif self._first_state is not None:
                first = self._first_state
                self.leftover = [f"{k}: {_describe(first[k])} -> {_describe(v)}"
                                 for k, v in state.items() if k in first and first[k] != v]

    def leftover_note(self) -> str:
        if not self.leftover:
            return ""
        shown = "; ".join(self.leftover[:5]) + ("; ..." if len(self.leftover) > 5 else "")
        return (f"Module state the first run changed was still changed when the second "
                f"run started (setup does not reset it): {shown}. Every later run starts "
                "where an earlier one left off, so code that runs only while that state "
                "is empty or unset (filling a cache, a registry, a lazy singleton) ran "
                "once, in the serial first run; reset that state in setup.")

    def name_prims(self, run) -> None:
        """Name the primitives reachable from the state after their attributes."""
        seen: set = set()

        def visit(obj, path, depth):
            if isinstance(obj, _model._Prim):
                if id(obj) not in seen:
                    seen.add(id(obj))
                    obj._rc_name = path
                    if isinstance(obj, _model.Condition) and "#" in obj._lock._rc_name:
                        obj._lock._rc_name = f"{path}.lock"
                return
            if depth == 0 or isinstance(obj, (str, bytes, int, float, type, types.ModuleType,
                                              types.FunctionType)):
                return
            if id(obj) in seen:
                return
            seen.add(id(obj))
            if isinstance(obj, (list, tuple)):
                for i, v in enumerate(obj[:16]):
                    if type(v) not in _LEAVES:
                        visit(v, f"{path}[{i}]", depth - 1)
            elif isinstance(obj, dict):
                for k, v in list(obj.items())[:32]:
                    if isinstance(k, (str, int)) and type(v) not in _LEAVES:
                        visit(v, f"{path}[{k!r}]", depth - 1)
            else:
                d = getattr(obj, "__dict__", None)
                if isinstance(d, dict):
                    for k, v in list(d.items()):
                        if type(v) not in _LEAVES:
                            visit(v, f"{path}.{k}", depth - 1)

        visit(run.state, "state", 4)


# ------------------------------------------------------------------ budget
def budget_multiplier(budget: float | None = None) -> float:
    """RACECHECK_BUDGET (default 1) times the per-call budget (default 1)."""
    raw = os.environ.get("RACECHECK_BUDGET", "").strip()
    try:
        env = float(raw) if raw else 1.0
    except ValueError:
        raise ValueError(f"racecheck: RACECHECK_BUDGET must be a number (e.g. 50), "
                         f"got {raw!r}") from None
    if not env > 0 or env == float("inf"):
        raise ValueError(f"racecheck: RACECHECK_BUDGET must be a positive number, got {raw!r}")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float))
                               or not budget > 0):
        raise ValueError(f"racecheck: budget= must be a positive number, got {budget!r}")
    return max(env, 0.01) * (budget if budget is not None else 1.0)


def _seed_base(seed):
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"racecheck: seed= must be an int, got {seed!r}")
        return seed
    raw = os.environ.get("RACECHECK_SEED", "").strip()
    try:
        return int(raw) if raw else 0
    except ValueError:
        raise ValueError(f"racecheck: RACECHECK_SEED must be an integer (e.g. 7), "
                         f"got {raw!r}") from None


# ------------------------------------------------------------------ failures
def _fmt_schedule(deviations) -> str:
    return " ".join(f"{d}>T{t}" for d, t in deviations)


def parse_schedule(text: str):
    out = []
    for part in text.split():
        d, t = part.split(">")
        out.append((int(d), int(t.lstrip("T"))))
    return out


def _strategy_info(strategy):
    """(name, seed, depth) of a run's strategy, as replay() takes them."""
    return strategy.name, getattr(strategy, "seed", None), getattr(strategy, "depth", None)


_KIND_TITLE = {
    "invariant": "invariant violated",
    "deadlock": "deadlock (no thread can run)",
    "exception": "a thread raised an exception",
    "livelock": "livelock / step limit",
}


def _make_failure(scenario, found: Run, shown: Run, run_no, runs_total) -> ScheduleFailure:
    f = found.failure
    kind = f["kind"]
    sname, seed, depth = _strategy_info(found.strategy)
    if seed is not None:
        args = f'seed={seed}, strategy="{sname}"' + (f", depth={depth}" if depth else "")
        replay_call = f"racecheck.replay(scenario, {args})"
    else:
        replay_call = f'racecheck.replay(scenario, schedule="{_fmt_schedule(found.deviations)}")'
    sched = _fmt_schedule(shown.deviations)
    sf = shown.failure
    # Built once, from the run as frozen when it ended (never from live state).
    record = _failure.build(scenario.name, sf, shown.snapshot or _failure.snapshot(shown))
    lines = [f"racecheck: FAILED, {_KIND_TITLE.get(kind, kind)}, in scenario {scenario.name!r}"]
    if kind in ("invariant", "exception", "livelock"):
        lines.append(f"  {sf['message']}")
    lines.append(f"found by: {found.strategy.describe()} (run {run_no} of at most {runs_total})")
    lines.append(f"replay:   {replay_call}")
    lines.append(
        f"shown:    minimized to {shown.preemptions} preemption"
        f"{'s' if shown.preemptions != 1 else ''}; replay it with "
        f'racecheck.replay(scenario, schedule="{sched}")'
    )
    table_rows = _report.rows(record)
    text = _report.render_schedule(record, table_rows=table_rows)
    details = ""
    if kind == "deadlock" or kind == "livelock":
        details = "Threads when the run stopped:\n" + _report.render_threads(record)
    elif kind == "exception":
        tb = record.traceback
        details = "Traceback:\n" + "\n".join("  " + ln for ln in tb.rstrip().splitlines())
    lines.append("")
    lines.append(_report.schedule_legend(record, table_rows=table_rows))
    lines.append(text)
    if details:
        lines.append("")
        lines.append(details)
    return ScheduleFailure(
        "\n".join(lines), kind=kind, seed=seed, strategy=sname, depth=depth,
        scenario=scenario.name, schedule=sched, schedule_text=text, details=details,
        preemptions=shown.preemptions, runs=run_no, replay_call=replay_call, record=record,
    )


def _minimize(session, run: Run, attempts: int) -> Run:
    """Drop deviations from the default schedule while the run still fails the same way."""
    if run.failure.get("real_lock"):
        return run  # each try would wait for a real lock again: show it as found
    kind = run.failure["kind"]
    best = run
    devs = list(run.deviations)
    chunk = max(1, len(devs) // 2)
    used = 0
    while devs and used < attempts:
        shrunk = False
        i = 0
        while i < len(devs) and used < attempts:
            cand = devs[:i] + devs[i + chunk:]
            used += 1
            r = session.run(Guided(cand, session.offer_timeouts))
            if r.failure is not None and r.failure["kind"] == kind:
                best, devs, shrunk = r, list(r.deviations), True
            else:
                i += chunk
        if chunk == 1 and not shrunk:
            break
        chunk = max(1, chunk // 2) if not shrunk else max(1, min(chunk, len(devs) // 2))
    # Dropping deviations cannot move a preemption; a bounded exhaustive pass can
    # find a schedule with fewer preemptions (usually one) if there is one.
    for bound in range(best.preemptions):
        explorer = Exhaustive(bound, session.offer_timeouts)
        while used < attempts:
            used += 1
            try:
                r = session.run(explorer)
            except UnsupportedOperation as exc:
                if "is not deterministic" in str(exc):
                    return best  # e.g. the standard library iterating a set of objects
                raise
            if r.failure is not None and r.failure["kind"] == kind:
                return r
            if not explorer.advance():
                break
        if used >= attempts:
            break
    return best


# ------------------------------------------------------------------ recording
def _caller_module() -> str:
    f = sys._getframe(1)
    here = __file__.rsplit("/", 1)[0]
    while f is not None and f.f_code.co_filename.startswith(here):
        f = f.f_back
    return f.f_globals.get("__name__", "?") if f is not None else "?"


def _record(call, scenario, strategies, runs, outcome, failure_kind, seconds, budget, seed):
    nodeid = os.environ.get("PYTEST_CURRENT_TEST", "")
    if nodeid.endswith(")"):
        nodeid = nodeid.rsplit(" ", 1)[0]
    rec = {
        "scenario": scenario.name,
        "test_module": _caller_module(),
        "test_nodeid": nodeid or None,
        "kind": call,
        "strategy": strategies,
        "runs": runs,
        "outcome": outcome,
        "failure_kind": failure_kind,
        "seconds": round(seconds, 4),
        "budget": budget,
        "seed": seed,
        "python": ".".join(map(str, sys.version_info[:3])),
    }
    _RECORDS.append(rec)
    path = os.environ.get("RACECHECK_RECORD")
    if path:
        line = json.dumps(rec, sort_keys=True) + "\n"
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)


class _Progress:
    """Prints a line to stderr every few seconds during long (budget > 1) calls."""

    def __init__(self, scenario, total, enabled):
        self.scenario = scenario
        self.total = total
        self.enabled = enabled
        self.start = _real.perf_counter()
        self.last = self.start

    def tick(self, done):
        if not self.enabled:
            return
        now = _real.perf_counter()
        if now - self.last >= 5.0:
            self.last = now
            print(f"racecheck: {self.scenario.name}: {done}/{self.total} runs, "
                  f"{now - self.start:.0f} s", file=sys.__stderr__, flush=True)


# ------------------------------------------------------------------ search
def _search(scenario, *, call, strategy, depth, runs, seconds, seed, minimize, watchdog,
            want_kind=None, bound=2):
    """Run schedules until a failure (of want_kind, if given) or the budget ends.

    Returns (failure or None, runs made, complete, other failure kinds, gaps,
    module state that survived setup: _Session.leftover_note()).
    """
    # The budget's seconds are CPU seconds of this process (work, not wall
    # time): under load the same number of schedules runs, so a search that
    # finds a bug on an idle machine finds it on a busy one too. They count
    # from the end of the first (serial) run: what is done once, before it
    # and in it (loading the target modules, the imports and caches the
    # scenario's first run fills: torch takes seconds), is not the search's.
    search = get_strategy(strategy)
    found_other = []
    with _Session(scenario, watchdog) as session:
        n = 0
        steps = sync_steps = 1
        thread_steps = thread_sync_steps = ()
        if search.calibrate:
            calib = session.calibrate()
            n = 1
            if calib.failure is not None and want_kind in (None, calib.failure["kind"]):
                return (_finish_failure(session, scenario, calib, n, runs, minimize), n, False,
                        found_other, list(session.gaps), "")
            steps, sync_steps = max(calib.vsteps, 1), max(calib.ssteps, 1)
            thread_steps = tuple(w.vsteps for w in calib.workers)
            thread_sync_steps = tuple(w.ssteps for w in calib.workers)
        elif scenario.max_steps is None:
            session.calibrate()  # only for the step limit: the search runs this schedule first
        start = _real.process_time()
        plan = Plan(seed=_seed_base(seed), depth=depth, bound=bound, steps=steps,
                    sync_steps=sync_steps, thread_steps=thread_steps,
                    thread_sync_steps=thread_sync_steps, timeouts=scenario.timeouts)
        progress = _Progress(scenario, runs, budget_multiplier() > 1)
        complete = False
        strategies = search.runs(plan)
        while n < runs:
            strat = next(strategies, None)
            if strat is None:
                complete = search.exhaustive
                break
            n += 1
            run = session.run(strat)
            if run.failure is not None:
                if want_kind in (None, run.failure["kind"]):
                    return (_finish_failure(session, scenario, run, n, runs, minimize), n, False,
                            found_other, list(session.gaps), "")
                found_other.append(run.failure["kind"])
            progress.tick(n)
            if _real.process_time() - start > seconds:
                break
        else:
            # The budget ended exactly with the last schedule: check for one more.
            complete = search.exhaustive and next(strategies, None) is None
        return (None, n, complete and not session.gaps, found_other, list(session.gaps),
                session.leftover_note())


def _finish_failure(session, scenario, run, n, runs, minimize):
    shown = _minimize(session, run, MINIMIZE_ATTEMPTS) if minimize else run
    return _make_failure(scenario, run, shown, n, runs)


def _refuse_nested(call: str) -> None:
    """A verify/expect_failure/replay called from inside a run (a scenario thread,
    its setup or check) would nest one controlled run in another."""
    run = _runtime.active_run()
    if run is not None and _runtime.in_context():
        run.unsupported(f"racecheck.{call} (nested in a scenario)")


def _strategies_label(strategy, depth, bound):
    return get_strategy(strategy).label(Plan(depth=depth, bound=bound))


def verify(scenario: Scenario, *, runs: int | None = None, strategy: str = "mixed",
           depth: int | None = None, seed: int | None = None, budget: float | None = None,
           seconds: float | None = None, minimize: bool = True, watchdog: float | None = None,
           preemption_bound: int = 2) -> Result:
    """Explore schedules of `scenario`; raise ScheduleFailure on the first failing one.

    strategy: "mixed" (default: a serial run, then random walk and the
    per-thread PCT variants in turn, racecheck/strategies/mixed.py), "random",
    "pct" (depth `depth`, default 3), "pct-local" / "pct-sync" (default 2) or
    "exhaustive" (every schedule with at most `preemption_bound` preemptions).
    runs/seconds: the budget, by default VERIFY_RUNS runs or VERIFY_SECONDS
    seconds (CPU seconds of this process), whichever ends first, both
    multiplied by `budget` and by the RACECHECK_BUDGET environment variable. seed: first seed (default
    RACECHECK_SEED or 0); run i uses seed + i. Raises UnsupportedOperation if
    the scenario does something the scheduler cannot model.
    """
    _refuse_nested("verify")
    mult = budget_multiplier(budget)
    total = runs if runs is not None else max(2, int(
        (EXHAUSTIVE_RUNS if strategy == "exhaustive" else VERIFY_RUNS) * mult))
    limit = seconds if seconds is not None else VERIFY_SECONDS * mult * (
        4 if strategy == "exhaustive" else 1)
    label = _strategies_label(strategy, depth, preemption_bound)
    start = _real.perf_counter()
    outcome, fkind, n = "error", None, 0
    try:
        res = _search(scenario, call="verify", strategy=strategy, depth=depth, runs=total,
                      seconds=limit, seed=seed, minimize=minimize, watchdog=watchdog,
                      bound=preemption_bound)
        failure, n, complete = res[0], res[1], res[2]
        if failure is not None:
            outcome, fkind = "failed", failure.kind
            raise failure
        outcome = "passed"
        gaps = tuple(res[4])
        if gaps:
            warnings.warn(RacecheckWarning(
                f"racecheck: scenario {scenario.name!r}: target code ran without switch "
                f"points, so this search is not complete: {'; '.join(gaps)}"), stacklevel=2)
        if res[5]:
            warnings.warn(RacecheckWarning(f"racecheck: scenario {scenario.name!r}: {res[5]}"),
                          stacklevel=2)
        return Result(scenario.name, n, label, _real.perf_counter() - start, complete, gaps)
    except UnsupportedOperation:
        outcome = "unsupported"
        raise
    finally:
        _record("verify", scenario, label, n, outcome, fkind, _real.perf_counter() - start,
                mult, _seed_base(seed))


def expect_failure(scenario: Scenario, *, kind: str | None = None, runs: int | None = None,
                   strategy: str = "mixed", depth: int | None = None, seed: int | None = None,
                   budget: float | None = None, seconds: float | None = None,
                   minimize: bool = True, watchdog: float | None = None,
                   preemption_bound: int = 2) -> ScheduleFailure:
    """Assert that some schedule of a known-bad `scenario` fails; return that failure.

    kind: require this failure kind ("invariant", "deadlock", "exception",
    "livelock"). Budget as for verify, with larger defaults (EXPECT_RUNS runs or
    EXPECT_SECONDS s, times the budget); the search stops at the first failure.
    Raises AssertionError when nothing fails within the budget: the check has
    no teeth, or the budget is too small.
    """
    _refuse_nested("expect_failure")
    mult = budget_multiplier(budget)
    total = runs if runs is not None else max(2, int(
        (EXHAUSTIVE_RUNS if strategy == "exhaustive" else EXPECT_RUNS) * mult))
    limit = seconds if seconds is not None else EXPECT_SECONDS * mult
    label = _strategies_label(strategy, depth, preemption_bound)
    start = _real.perf_counter()
    outcome, fkind, n = "error", None, 0
    try:
        res = _search(scenario, call="expect_failure", strategy=strategy, depth=depth,
                      runs=total, seconds=limit, seed=seed, minimize=minimize,
                      watchdog=watchdog, want_kind=kind, bound=preemption_bound)
        failure, n = res[0], res[1]
        if failure is not None:
            outcome, fkind = "found", failure.kind
            return failure
        outcome = "not_found"
        others = res[3] if len(res) > 3 else []
        extra = (f" It failed only with other kinds: {sorted(set(others))}." if others else "")
        raise AssertionError(
            f"racecheck.expect_failure: scenario {scenario.name!r} did not fail"
            f"{' with kind ' + repr(kind) if kind else ''} in {n} runs ({label}, "
            f"{_real.perf_counter() - start:.2f} s).{extra} A known-bad variant that "
            "passes means the check has no teeth (or raise the budget)."
            + (f" {res[5]}" if res[5] else "")
        )
    except UnsupportedOperation:
        outcome = "unsupported"
        raise
    finally:
        _record("expect_failure", scenario, label, n, outcome, fkind,
                _real.perf_counter() - start, mult, _seed_base(seed))


def explore_exhaustive(scenario: Scenario, *, preemption_bound: int = 2,
                       runs: int | None = None, seconds: float | None = None,
                       minimize: bool = True, watchdog: float | None = None) -> Result:
    """Run every schedule with at most `preemption_bound` preemptions (CHESS-style).

    For tiny scenarios. Returns a Result whose .complete tells whether the
    whole bounded space was covered within the run/time budget; raises
    ScheduleFailure on the first failing schedule.
    """
    return verify(scenario, strategy="exhaustive", preemption_bound=preemption_bound,
                  runs=runs, seconds=seconds, minimize=minimize, watchdog=watchdog)


def replay(scenario: Scenario, seed: int | None = None, *, strategy: str = "random",
           depth: int | None = None, schedule: str | None = None, minimize: bool = False,
           watchdog: float | None = None) -> ScheduleFailure | None:
    """Re-run one schedule; return its ScheduleFailure, or None if it passes.

    Either seed (+ strategy "random" or "pct" and depth, as printed in the
    failure) or schedule (the string printed after "replay it with"). Both
    count decision points, which differ between Python minor versions (the
    bytecode does): replay on the version that printed them.
    """
    _refuse_nested("replay")
    search = None
    if schedule is None:
        if seed is None:
            raise TypeError("replay needs seed=... or schedule=...")
        search = get_strategy(strategy)
        if search.exhaustive:
            raise ValueError(f"replay: strategy {strategy!r} has no seed; give the "
                             "schedule=... printed in its failure instead")
    with _Session(scenario, watchdog) as session:
        # The same step limit as the search that printed the schedule or seed.
        calib = session.calibrate() if scenario.max_steps is None or (
            search is not None and search.calibrate) else None
        if search is None:
            strat = Guided(parse_schedule(schedule), session.offer_timeouts)
        else:
            steps = sync_steps = 1
            thread_steps = thread_sync_steps = ()
            if search.calibrate and calib is not None:
                steps, sync_steps = max(calib.vsteps, 1), max(calib.ssteps, 1)
                thread_steps = tuple(w.vsteps for w in calib.workers)
                thread_sync_steps = tuple(w.ssteps for w in calib.workers)
            strat = next(search.runs(Plan(seed=_seed_base(seed), depth=depth, steps=steps,
                                          sync_steps=sync_steps, thread_steps=thread_steps,
                                          thread_sync_steps=thread_sync_steps,
                                          timeouts=scenario.timeouts)))
        run = session.run(strat)
        if run.failure is None:
            return None
        shown = _minimize(session, run, MINIMIZE_ATTEMPTS) if minimize else run
        return _make_failure(scenario, run, shown, 1, 1)
