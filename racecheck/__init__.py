"""racecheck: the handbook's verification harness.

Controlled interleavings (this core): a scenario's threads run as real OS
threads, but only one at a time; at every bytecode (or line) of the target
code and at every operation on a modelled primitive the chosen strategy decides
who runs next. threading's Lock, RLock, Condition, Event, Semaphore,
BoundedSemaphore and Barrier and queue.SimpleQueue (and so queue.Queue) are
replaced by modelled versions during a run, also where a target module
imported them by name; time.sleep, time.monotonic, time.time and every timeout
run on a virtual clock, so no check costs real seconds. Threads that the code
under test (or setup) starts -- threading.Thread, Timer, _thread, and so
concurrent.futures.ThreadPoolExecutor -- become threads of the run, numbered
after the scenario's, scheduled and reported like them; the run ends when the
scenario's threads have ended and no started thread can run.

    import racecheck

    scenario = racecheck.Scenario(
        name="counter: two increments",
        setup=lambda: mod.Counter(),                       # fresh state per run
        threads=[lambda c: c.incr(), lambda c: c.incr()],  # 2-4 thread bodies
        check=lambda c: c.value == 2,                      # False/AssertionError = failure
        targets=[mod],                                     # code that gets switch points
    )
    racecheck.verify(scenario)                 # raises ScheduleFailure (an AssertionError)
    failure = racecheck.expect_failure(bad)    # AssertionError unless some schedule fails
    failure.kind, failure.seed, failure.schedule_text
    racecheck.replay(scenario, seed=failure.seed, strategy=failure.strategy,
                     depth=failure.depth)      # same schedule again -> ScheduleFailure|None
    racecheck.replay(scenario, schedule=failure.schedule)   # the minimized one

Target code is decided by where code was defined (racecheck/_tracing.py): a
module target covers all code of its file, a class or function target the code
defined inside it and what it wraps, however a thread reaches it (decorators
with or without functools.wraps, closures, generators, partials, properties,
non-target helpers, calls from C). Target code that still ran without switch
points (in a thread the scheduler does not control) is reported in
Result.gaps with a RacecheckWarning, and such a search is never complete.

Lock discipline (racecheck/_guards.py): Scenario(guards=lambda s:
[racecheck.guarded(s.q, "_mutex", "_items")]) declares that s.q._items may
only be touched by a thread holding s.q._mutex; the first access of a run's
thread without it fails the run ("invariant"). A lock around one C-level call
(len(), dict(d), list(s)) changes no interleaving racecheck can explore; the
guard makes its absence visible all the same.

Failure kinds: "invariant" (check returned False or raised AssertionError),
"deadlock" (no thread can run: each thread's position, held locks and awaited
primitive are reported), "exception" (a thread or the check raised; traceback
shown), "livelock" (a run's step limit reached without finishing: by default
4 x the serial calibration run's switch points, at least 20,000).
Locks created before the run in the project's modules (module globals,
class attributes, attributes of a module-level object and of its components,
the items of a list or dict kept there, 3.11's cached_property lock) are
modelled too, a fresh one per run, and so is a ThreadPoolExecutor kept there
(a fresh modelled queue and no threads per run); threading's classes captured
where names cannot be rebound (a dataclass field's default_factory, a
default argument, a defaultdict's default_factory) make modelled objects.
A subclass of threading's Condition, Event, Semaphore, BoundedSemaphore or
Barrier is refused (UnsupportedOperation): its inherited methods would block
and time out for real. A primitive
created during a run acts as the real one when used outside it, and nothing
stays patched after a call returns or raises. One call runs at a time per
process.

A scenario that starts processes, uses _thread locks, asyncio, select,
sockets, subprocess, input() or a real time.sleep, or starts a thread in its
check, raises UnsupportedOperation; so does a thread that waits for a real
lock racecheck could not reach (noticed within 0.2 s; a "deadlock"
failure when a thread of the run that cannot run holds it), and any call that
makes no progress for the watchdog period (RACECHECK_WATCHDOG, default 5 s of
real time).

Strategies (racecheck/strategies/, one module each, registered by name):
"mixed" (default: one serial calibration run, then a cycle of random walk,
pct-local depth 2, pct-sync depth 2, random walk, pct-local depth 3, seeds
seed, seed+1, ...), "random", "pct" (Burckhardt et al., ASPLOS 2010),
"pct-local" / "pct-sync" (PCT with each priority drop drawn in the running
thread's own steps / own primitive operations), "exhaustive"
(preemption-bounded DFS, CHESS style, for tiny scenarios; also
explore_exhaustive()). The random strategies choose only right after a
visible instruction (racecheck/_visible.py); every bytecode of target code
stays a switch point. Timeouts are explored by default
(Scenario.timeouts="explore"): every other seed, every exhaustive run and
every replayed schedule may fire the earliest pending timeout at any switch
point, so a timeout racing the work it waits for is found.

Budgets: verify runs up to VERIFY_RUNS runs or VERIFY_SECONDS seconds,
expect_failure up to EXPECT_RUNS runs or EXPECT_SECONDS seconds (it stops at
the first failure); both are multiplied by the per-call ``budget=`` and by the
environment variable RACECHECK_BUDGET (e.g. 50 for a nightly deep run). The
seconds are CPU seconds of the process (time.process_time: work, not wall
time), so a loaded machine runs the same schedules, only slower.
RACECHECK_SEED shifts the first seed.

The text of a failure (str(failure), .schedule_text) is stable: pages include
it and their tests compare it, so a format change means regenerating them.

Recording: with RACECHECK_RECORD=<path>, every verify/expect_failure call
appends one JSON object per line (UTF-8, keys sorted):

    scenario      str    Scenario.name
    test_module   str    module that called verify/expect_failure
    test_nodeid   str|null  pytest node id (from PYTEST_CURRENT_TEST), null outside pytest
    kind          str    "verify" | "expect_failure"
    strategy      str    e.g. "random+pct", "pct(depth=3)", "random", "exhaustive(bound=2)"
    runs          int    schedules executed (calibration run included, minimization not)
    outcome       str    verify: "passed" | "failed"; expect_failure: "found" | "not_found";
                         either: "unsupported" | "error" (the harness itself raised)
    failure_kind  str|null  "invariant" | "deadlock" | "exception" | "livelock"
    seconds       float  wall time of the call, minimization included
    budget        float  effective multiplier (RACECHECK_BUDGET x budget=)
    seed          int    first seed of the call
    python        str    e.g. "3.12.1"

Lines from parallel pytest-xdist workers are appended atomically (one write
each), so one file can collect a whole sharded run.
"""

from ._api import (
    EXPECT_RUNS,
    EXPECT_SECONDS,
    VERIFY_RUNS,
    VERIFY_SECONDS,
    RacecheckWarning,
    Result,
    Scenario,
    ScheduleFailure,
    budget_multiplier,
    expect_failure,
    explore_exhaustive,
    parse_schedule,
    replay,
    verify,
)
from ._guards import Guard, guarded
from ._runtime import NondeterministicScenario, UnsupportedOperation
from .linearizability import (
    EMPTY,
    UNKNOWN,
    LinearizabilityResult,
    Model,
    NotLinearizable,
    Operation,
    Raised,
    Recorder,
    assert_linearizable,
    check_linearizable,
    counter_model,
    kv_model,
    lincheck,
    linearizability_scenario,
    queue_model,
    register_model,
    stack_model,
)
from .strategies import Plan, Strategy, register
from .stress import (
    Ledger,
    StressFailure,
    StressHang,
    assert_conserved,
    dump_all_stacks,
    stress,
    stress_scenario,
)

__all__ = [
    # scenarios and searches
    "Scenario", "verify", "expect_failure", "replay", "explore_exhaustive", "parse_schedule",
    "Result", "ScheduleFailure", "UnsupportedOperation", "NondeterministicScenario",
    "RacecheckWarning", "budget_multiplier", "guarded", "Guard",
    "VERIFY_RUNS", "VERIFY_SECONDS", "EXPECT_RUNS", "EXPECT_SECONDS",
    # strategies (racecheck/strategies/)
    "Strategy", "Plan", "register",
    # linearizability
    "Operation", "Raised", "Recorder", "Model", "LinearizabilityResult", "NotLinearizable",
    "check_linearizable", "assert_linearizable", "linearizability_scenario", "lincheck",
    "queue_model", "stack_model", "register_model", "kv_model", "counter_model",
    "EMPTY", "UNKNOWN",
    # stress on real threads
    "stress", "stress_scenario", "StressFailure", "StressHang", "Ledger", "assert_conserved",
    "dump_all_stacks",
]
