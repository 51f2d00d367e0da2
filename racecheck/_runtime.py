"""One controlled run: real OS threads, only one allowed to run at a time.

Each scenario thread is a real thread that waits on its own real lock (its
"turn") until the scheduler grants it. At every switch point (a bytecode or a
line of target code, or an operation on a modelled primitive) the running
thread asks the strategy who goes next, grants that thread its turn and waits
for its own. A thread blocked on a modelled primitive is not runnable; when no
thread can run, pending timeouts fire in virtual-time order, and if none is
pending the run is a deadlock.

Every real-time wait of the harness has a watchdog: the controller gives up on
a run whose running thread makes no progress for `watchdog` seconds (it is
stuck in a call the harness does not model) and reports it. A thread that
cannot be stopped is left behind harmless to later runs (Run._abandon).
"""

from __future__ import annotations

import re
import sys
import traceback

from . import _affinity, _failure, _interrupt, _real, _stuck, _threads, _visible

NEW, RUNNABLE, BLOCKED, DONE = "new", "runnable", "blocked", "done"

# Trace event tags (see _report.render_schedule).
STEP, SYNC, BLOCK, WAKE, TIMEOUT, PREEMPT, ACQ, REL, END = range(9)

_ACTIVE: "Run | None" = None  # the run in progress, read by tracers and patches

# Thread ident -> frame of a target generator that is being closed in that
# thread although the active run never started or resumed it: left suspended
# by an earlier run (or before the run) and finalized now by garbage
# collection or a dropped reference, which can happen in any thread at any
# allocation, even inside the scheduler. Its cleanup (finally blocks, context
# managers, what they call) belongs to a run that is over: it runs without
# switch points (the tracers set this; in_stale_cleanup reads it).
_STALE: dict = {}


class UnsupportedOperation(Exception):
    """A scenario did something the controlled scheduler cannot model.

    Raised by verify/expect_failure/replay instead of hanging or passing
    silently: starting a thread, a real lock from ``_thread``, multiprocessing,
    asyncio, blocking I/O (sockets, select, input, subprocess), a real
    ``time.sleep``, or any call that made no progress for the watchdog period.
    """


# Upper bound on the real time a scenario thread may take to start (harness
# work, not scenario work; see Run.run).
START_TIMEOUT = 60.0
# Real seconds without progress after which the controller looks whether the
# running thread waits for a real lock (reported at once if it does).
REAL_LOCK_GRACE = 0.2
# Real seconds a thread reported as stuck gets to unwind when the run ends.
STUCK_GRACE = 0.5


class NondeterministicScenario(UnsupportedOperation):
    """Replaying the same choices reached a different state (exhaustive search)."""


class _Abort(BaseException):
    """Unwinds a scenario thread whose run is over (deadlock, failure, limit)."""


class _Never(BaseException):
    """Never raised: an except clause that matches nothing."""


def active_run() -> "Run | None":
    return _ACTIVE


def mark_stale(frame) -> None:
    if not in_stale_cleanup():  # (else nested in the one already marked)
        _STALE[_real.get_ident()] = frame


def in_stale_cleanup() -> bool:
    """True while the calling thread runs the cleanup of a stale generator (_STALE)."""
    ident = _real.get_ident()
    stale = _STALE.get(ident)
    if stale is None:
        return False
    f = sys._getframe(1)
    while f is not None:
        if f is stale:
            return True
        f = f.f_back
    del _STALE[ident]  # that cleanup is over
    return False


def in_context() -> bool:
    """True in a scenario thread or in the controller during setup/check."""
    run = _ACTIVE
    return run is not None and _real.get_ident() in run.context_idents


class Worker:
    """One scenario thread and its scheduling state."""

    def __init__(self, run: "Run", idx: int, fn, *, label: str = "", thread=None):
        self.run = run
        self.idx = idx
        self.name = f"T{idx}"
        self.fn = fn
        self.spawned = bool(label)  # started by the code under test (or setup)
        self.label = label  # its threading name, e.g. "ThreadPoolExecutor-0_0"
        self.thread = thread  # its threading.Thread, if it has one
        self.aborted = False
        self.stuck = False  # reported as blocked outside the model
        self.turn = _real.allocate_lock()
        self.turn.acquire()
        self.ready = _real.allocate_lock()
        self.ready.acquire()
        self.exited = _real.allocate_lock()
        self.exited.acquire()
        self.state = NEW
        self.blocked_on = None
        self.block_desc = ""
        self.deadline: float | None = None
        self.timed_out = False
        self.held: list = []  # modelled locks this thread holds, in order
        self.pos = None  # (code, line) of its last target-code position
        self.ident: int | None = None
        self.native_id: int | None = None  # its OS thread id (CPU time in /proc)
        self.interrupted = False  # _Abort was raised in it from outside (_interrupt)
        self.interrupted_at: int | None = None  # its CPU ticks then
        self.abort = False
        self.error: BaseException | None = None
        self.tb_text = ""
        self.trace_fn = None  # its sys.settrace function (3.11)
        self.vsteps = 0  # its own visible switch points (Run.vsteps)
        self.after_visible = True  # its last step was visible: the next is a choice
        self.last_code = None  # code object of its last switch point
        self.ssteps = 0  # its own switch points at modelled operations (Run.ssteps)
        self.in_sched = False  # inside Run.handoff (no switch point may nest there)

    def wait_turn(self) -> None:
        run = self.run
        while not self.turn.acquire(timeout=0.5):  # watchdog: the run may be gone
            if run.closed:
                raise _Abort()
        if self.abort or run.closed:
            raise _Abort()

    def __repr__(self) -> str:
        return f"<{self.name} {self.state}>"


class Run:
    """Executes a scenario once under one strategy; the result is in .failure."""

    def __init__(self, session, strategy):
        self.session = session
        self.scenario = session.scenario
        self.strategy = strategy
        self.tracer = session.tracer
        self.max_steps = session.max_steps
        self.watchdog = session.watchdog
        self.eager_timeouts = bool(getattr(strategy, "timeouts", False))
        # The strategy keeps the running thread before a frame-local
        # instruction (racecheck/_visible.py): such a step is decided here.
        self.skips_local = bool(getattr(strategy, "skips_local", False))
        self.workers: list[Worker] = []
        self.n_scenario = len(self.scenario.threads)
        self.threads: dict = {}  # threading.Thread started in this run -> Worker
        self.order_seq = 0  # creation number of the run's threads and futures (their hash)
        self.checking = False
        self.by_ident: dict[int, Worker] = {}
        self.context_idents: set[int] = set()
        self.current: Worker | None = None
        # id() of each target generator frame this run started or resumed (the
        # tracers record them): a frame thrown into that is not among them is
        # a stale generator's cleanup (_STALE).
        self.frames: set[int] = set()
        self.vnow = 0.0
        self.steps = 0
        # Switch points before a visible instruction (racecheck/_visible.py),
        # and whether the current one is: the random strategies preempt only there.
        self.vsteps = 0
        self.visible = True
        self.ssteps = 0  # switch points before an operation on a modelled primitive
        self.at_sync = False
        self._vis = session.visibility
        self.decisions: list[int] = []
        self.deviations: list[tuple[int, int]] = []
        self.preemptions = 0
        self.trace: list[tuple] = []
        self.failure: dict | None = None
        self.aborting = False
        self.closed = False
        self.finished = _real.allocate_lock()
        self.finished.acquire()
        self.prims: list = []
        self._prim_counts: dict[str, int] = {}
        self.state = None
        self.check_message = ""
        self.gaps: list[str] = []  # target code that ran without switch points
        self.guards: dict = {}  # Scenario.guards of this run (racecheck/_guards.py)
        self.guard_violation: str | None = None  # the first access without its lock
        # The run frozen when its outcome was decided; reports read only this.
        self.snapshot: _failure.RunSnapshot | None = None

    # ----------------------------------------------------------- primitives
    def register_prim(self, prim, kind: str) -> str:
        n = self._prim_counts.get(kind, 0) + 1
        self._prim_counts[kind] = n
        self.prims.append(prim)
        return f"{kind}#{n}"

    def unregister_prim(self, prim, name: str) -> None:
        """Undo register_prim for the last primitive registered."""
        self.prims.remove(prim)
        kind = prim._kind
        self._prim_counts[kind] -= 1
        prim._rc_name = name

    def current_worker(self) -> Worker | None:
        return self.by_ident.get(_real.get_ident())

    # ------------------------------------------------------------ failures
    def set_failure(self, kind: str, message: str, **extra) -> None:
        if self.failure is None:
            self.failure = dict(kind=kind, message=message, **extra)

    def unsupported(self, what: str) -> None:
        """Record and raise UnsupportedOperation for the calling scenario thread."""
        where = _user_location(sys._getframe(2))
        msg = (
            f"scenario {self.scenario.name!r}: {what} is not supported inside a "
            f"controlled run (at {where}). The scheduler models threading's Lock, "
            "RLock, Condition, Event, Semaphore, BoundedSemaphore, Barrier, "
            "queue.Queue and time.sleep/monotonic/time; anything that blocks for real "
            "or starts threads or processes would escape it."
        )
        if not self.aborting:
            self.set_failure("unsupported", msg)
        raise UnsupportedOperation(msg)

    # ----------------------------------------------------------- scheduling
    def _fire_timeouts(self, only_earliest=False) -> list[Worker]:
        timed = [w for w in self.workers if w.state == BLOCKED and w.deadline is not None]
        if not timed:
            return []
        earliest = min(w.deadline for w in timed)
        if earliest > self.vnow:
            self.vnow = earliest
        for w in timed:
            if w.deadline <= self.vnow:
                w.state = RUNNABLE
                w.timed_out = True
                w.blocked_on = None
                w.deadline = None
                self.trace.append((TIMEOUT, w.idx, self.vnow))
        return [w for w in self.workers if w.state == RUNNABLE]

    def scenario_done(self) -> bool:
        """The scenario's own threads have ended (threads they started may not have)."""
        return all(w.state == DONE for w in self.workers[:self.n_scenario])

    def _next(self, cur: Worker | None) -> Worker | None:
        runnable = [w for w in self.workers if w.state == RUNNABLE]
        if not runnable:
            if self.scenario_done():
                # Only started threads are left, all blocked: the run is over
                # (like a program whose main thread returned); time stops here.
                return None
            runnable = self._fire_timeouts()
            if not runnable:
                return None
        elif self.eager_timeouts:
            timed = [w for w in self.workers if w.state == BLOCKED and w.deadline is not None]
            if timed:
                first = min(timed, key=lambda w: (w.deadline, w.idx))
                candidates = runnable + [first]
                default = cur if cur is not None and cur.state == RUNNABLE else runnable[0]
                pick = self.strategy.choose(self, cur, candidates, default)
                if pick is first:
                    self.decisions.append(pick.idx)
                    self.deviations.append((len(self.decisions) - 1, pick.idx))
                    self._fire_timeouts()
                    return self._count_preemption(cur, pick)
                return self._record(cur, pick, default)
        default = cur if cur is not None and cur.state == RUNNABLE else runnable[0]
        pick = self.strategy.choose(self, cur, runnable, default)
        return self._record(cur, pick, default)

    def _record(self, cur, pick, default):
        self.decisions.append(pick.idx)
        if pick is not default:
            self.deviations.append((len(self.decisions) - 1, pick.idx))
        return self._count_preemption(cur, pick)

    def _count_preemption(self, cur, pick):
        if cur is not None and cur.state == RUNNABLE and pick is not cur:
            self.preemptions += 1
            self.trace.append((PREEMPT, pick.idx))
        return pick

    def handoff(self, cur: Worker) -> None:
        """Called by the running thread at a scheduling point; returns when it runs again."""
        # A garbage collection in here (the strategy allocates) may finalize a
        # generator of target code; the switch points of its cleanup must not
        # re-enter the hand-off (switch_point, sync_point).
        cur.in_sched = True
        try:
            nxt = self._next(cur)
            if nxt is None:
                self._finish()
                if cur.state != DONE:
                    cur.wait_turn()  # only an abort grants it now
                return
            if nxt is cur:
                return
            self.current = nxt
            nxt.turn.release()
            if cur.state != DONE:
                cur.wait_turn()
        finally:
            cur.in_sched = False

    def _finish(self) -> None:
        if not self.scenario_done():
            self.set_failure("deadlock", "no thread can run")
        if self.failure is not None:
            self.aborting = True
        # Freeze before anything else moves: once `finished` is released the
        # controller aborts the parked threads, whose cleanup (with-blocks
        # releasing locks, thread ends) would otherwise race into the report.
        self.snapshot = _failure.snapshot(self)
        self.current = None
        self.finished.release()

    def switch_point(self, w: Worker, code, offset, line) -> None:
        """A bytecode or line of target code is about to run in thread w."""
        # No switch here. Code of target generators finalized by garbage
        # collection or a dropped reference runs in whatever thread allocates
        # at that moment: inside the hand-off (in_sched), in w's epilogue
        # after it ended (DONE), in block() before its hand-off (BLOCKED),
        # before w was first granted its turn or after the run finished (not
        # current), or it is the cleanup of a generator of an earlier run
        # (in_stale_cleanup). A switch there would re-enter the scheduler, end
        # the run twice or run two threads at once; such code runs on,
        # atomically. (State and turn are checked after `aborting`: an aborted
        # thread, blocked and not current, unwinds through _Abort as before.)
        if w.in_sched or w.state == DONE or (_STALE and in_stale_cleanup()):
            return
        if self.aborting:
            if w.abort or self.closed:
                raise _Abort()
            return
        if w.state != RUNNABLE or self.current is not w:
            return
        self.steps += 1
        self.at_sync = False
        # A choice is made right after a visible instruction (or a modelled
        # operation, or code the thread ran without switch points): the run
        # of frame-local instructions that follows is one place to switch.
        if offset is None:
            vis = True
        else:
            t = self._vis.get(code)
            if t is None:
                t = self._vis[code] = _visible.table(code)
            vis = offset >= len(t) or t[offset] == 1
        if w.after_visible or code is not w.last_code:
            self.visible = True
            self.vsteps += 1
            w.vsteps += 1
        else:
            self.visible = False
        w.after_visible = vis
        w.last_code = code
        if self.steps > self.max_steps:
            self.set_failure(
                "livelock",
                f"step limit reached: {self.max_steps} switch points without the "
                "scenario finishing (livelock, busy wait on virtual time, or an "
                "endless loop); raise Scenario.max_steps if the scenario is simply long",
            )
            self._finish()
            raise _Abort()
        if self.visible or not self.skips_local:
            self.handoff(w)
        else:
            self.decisions.append(w.idx)  # what the strategy would choose: keep running w
        # Recorded once the thread really proceeds, so a row lists executed code only.
        self.trace.append((STEP, w.idx, code, offset, line))

    def sync_point(self, w: Worker, desc: str, prim=None) -> None:
        """A modelled operation is about to run in thread w: also a switch point."""
        if w.in_sched or w.state == DONE or (_STALE and in_stale_cleanup()):
            return  # no switch here (see switch_point); the operation still runs
        if self.aborting:
            raise _Abort()
        if w.state != RUNNABLE or self.current is not w:
            return
        self.steps += 1
        self.vsteps += 1
        self.ssteps += 1
        w.vsteps += 1
        w.ssteps += 1
        self.visible = self.at_sync = True
        w.after_visible = True
        code, line = _user_position(sys._getframe(2), self.tracer)
        if code is not None:
            w.pos = (code, line)
        if self.steps > self.max_steps:
            self.set_failure(
                "livelock",
                f"step limit reached: {self.max_steps} switch points without the "
                "scenario finishing (livelock or endless retry loop)",
            )
            self._finish()
            raise _Abort()
        self.handoff(w)
        self.trace.append((SYNC, w.idx, code, line, desc, prim))

    def block(self, w: Worker, on, deadline: float | None, desc: str) -> None:
        """Thread w cannot proceed until woken by `on` or its deadline passes."""
        if self.aborting:
            raise _Abort()
        w.state = BLOCKED
        w.blocked_on = on
        w.deadline = deadline
        w.block_desc = desc
        w.timed_out = False
        self.visible = True
        self.at_sync = False
        code, line = _user_position(sys._getframe(2), self.tracer)
        if code is not None:
            w.pos = (code, line)
        # Who holds `on` is read now: by report time the aborted holder has released it.
        self.trace.append((BLOCK, w.idx, code, line, desc, on, _failure.holder_name(on)))
        self.handoff(w)

    def wake(self, on) -> None:
        """Make every thread blocked on `on` runnable (they re-check their condition)."""
        for w in self.workers:
            if w.state == BLOCKED and w.blocked_on is on:
                self.wake_worker(w)

    def wake_worker(self, w: Worker) -> None:
        if w.state == BLOCKED:
            w.state = RUNNABLE
            w.blocked_on = None
            w.deadline = None
            self.trace.append((WAKE, w.idx))

    def note(self, tag: int, w: Worker, prim) -> None:
        self.trace.append((tag, w.idx, prim))

    # ------------------------------------------------- threads the code starts
    def start_thread(self, body, *, thread, label: str) -> Worker:
        """A thread of the run (or setup) starts a thread: it joins the run."""
        if self.checking:
            self.unsupported("starting a thread in the check")
        if self.aborting:
            raise _Abort()
        caller = self.current_worker()
        idx = len(self.workers)
        if caller is not None:
            self.sync_point(caller, f"start T{idx} ({label})")
        w = Worker(self, idx, body, label=label, thread=thread)
        self.workers.append(w)
        if thread is not None:
            self.threads[thread] = w
        self._launch(w)
        if thread is not None:
            _threads.mark_started(thread)
        return w

    def join_worker(self, target: Worker, timeout: float | None) -> None:
        """threading.Thread.join on a thread of this run."""
        me = self.current_worker()
        if me is None:  # setup or check: no other thread can run meanwhile
            if target.state == DONE or timeout is not None:
                return
            raise RuntimeError(
                f"racecheck: join on {target.name} ({target.label}) would block forever "
                "here: setup and check run while no thread of the run can")
        self.sync_point(me, f"join {target.name}")
        deadline = None if timeout is None else self.vnow + timeout
        while target.state != DONE:
            if deadline is not None and self.vnow >= deadline:
                return
            self.block(me, target, deadline, f"join {target.name}")
            if me.timed_out:
                me.timed_out = False

    def worker_alive(self, target: Worker) -> bool:
        me = self.current_worker()
        if me is not None:
            self.sync_point(me, f"is_alive {target.name}")
        return target.state != DONE or target.aborted

    def _launch(self, w: Worker) -> None:
        """Start w's OS thread; it waits for its turn."""
        _real.start_new_thread(self._worker_main, (w,))
        self._await_ready(w)

    def _await_ready(self, w: Worker) -> None:
        # Starting a thread is the harness's own work, not the scenario's:
        # on a loaded machine it can take seconds, so it gets a longer
        # limit than the no-progress watchdog (seen: spurious failures at 5 s).
        start_limit = max(self.watchdog, START_TIMEOUT)
        if not w.ready.acquire(timeout=start_limit):
            self.aborting = self.closed = True
            raise RuntimeError(
                f"racecheck: scenario thread {w.name} did not start within "
                f"{start_limit:g} s (state {w.state}, failure {self.failure}, "
                f"error {w.tb_text}). Stacks of all threads:\n" + _all_stacks())

    # -------------------------------------------------------------- threads
    def _worker_main(self, w: Worker) -> None:
        w.ident = _real.get_ident()
        w.native_id = _real.get_native_id()
        me = w.thread
        if me is not None:
            _threads.bind(me)
        else:
            me = _threads.ScenarioThread(w.name)
            _threads.bind(me)
        self.by_ident[w.ident] = w
        self.context_idents.add(w.ident)
        w.state = RUNNABLE
        try:
            if _PROFILE_GUARD:
                _retrying(sys.setprofile, _profile_guard)
            self.tracer.start_thread(self, w)
            w.ready.release()
            w.wait_turn()
            w.fn(self.state)
        except _Abort:
            w.aborted = True
        except UnsupportedOperation as exc:
            if not self.aborting:
                self.set_failure("unsupported", str(exc))
        except SystemExit if w.spawned else _Never:
            pass  # ends a started thread quietly, as in threading
        except BaseException as exc:  # the scenario's own exception: a finding
            if not self.aborting:
                w.error = exc
                w.tb_text = _user_traceback(exc)
                self.set_failure(
                    "exception", f"{w.name} raised {type(exc).__name__}: {exc}", thread=w.name
                )
        finally:
            try:
                self.tracer.stop_thread(self, w)
                if _PROFILE_GUARD:
                    _retrying(sys.setprofile, None)
            except BaseException:
                pass
            try:
                _threads.unbind(me)
            except BaseException:
                pass
            try:
                was_aborting = self.aborting
                if was_aborting:
                    w.aborted = True
                w.state = DONE
                self.trace.append((END, w.idx, "aborted" if was_aborting else w.error))
                self.wake(w)  # its joiners
                if not was_aborting and not self.closed:
                    if self.failure is None:
                        try:
                            self.handoff(w)
                        except UnsupportedOperation as exc:  # from the strategy
                            self.set_failure("unsupported", str(exc))
                    if self.failure is not None and not self.aborting:
                        self._finish()
            finally:
                _STALE.pop(w.ident, None)
                w.exited.release()

    def execute(self) -> "Run":
        """Run setup, the threads under the strategy, and the check."""
        global _ACTIVE
        from . import _guards  # (it imports _model, which imports this module)
        scenario = self.scenario
        me = _real.get_ident()
        self.context_idents.add(me)
        previous = _ACTIVE
        _ACTIVE = self
        # One CPU for the run's threads (they inherit it): hand-offs stay cheap.
        pin = _affinity.pin_to_current_cpu()
        try:
            # The scenario's threads are T0..Tn-1; threads that setup or the
            # code under test starts get the next numbers.
            self.workers = [Worker(self, i, fn) for i, fn in enumerate(scenario.threads)]
            self.session.patcher.refresh_instances()
            self.state = scenario.setup()
            self.session.after_setup(self)
            if scenario.guards is not None:
                _guards.install(self, scenario.guards(self.state))
            self.strategy.start(self)
            # Started together (their installs of the trace and profile
            # functions take turns, racecheck._runtime._retrying), then awaited:
            # the OS starts them in parallel instead of one round trip each.
            for w in self.workers[:self.n_scenario]:
                _real.start_new_thread(self._worker_main, (w,))
            for w in self.workers[:self.n_scenario]:
                self._await_ready(w)
            try:
                first = self._next(None)
                self.current = first
                first.turn.release()
                self._wait_finished()
            except BaseException:  # the harness failed or was interrupted: stop every thread
                self.aborting = self.closed = True
                for w in self.workers:
                    w.abort = True
                    try:
                        w.turn.release()
                    except RuntimeError:
                        pass
                for w in self.workers:  # (briefly: nothing of the run outlives verify)
                    if w.exited.acquire(timeout=STUCK_GRACE):
                        w.exited.release()
                    else:
                        self._abandon(w)
                raise
            self._abort_all()
            if self.failure is None and self.guard_violation is not None:
                self.set_failure("invariant", self.guard_violation)
            if self.failure is None:
                self.checking = True
                self._run_check()
        finally:
            _affinity.restore(pin)
            _guards.uninstall(self)
            _ACTIVE = previous
            self._release_leftovers()
        return self

    def _release_leftovers(self) -> None:
        # (A lock still held by a thread of this run counts as free in any
        # other run and outside: see _model._Prim._outside.)
        for thread in self.threads:
            _threads.mark_stopped(thread)

    def _wait_finished(self) -> None:
        quiet_since = _real.monotonic()
        last = -1
        suspect = None
        while not self.finished.acquire(timeout=0.05):
            progress = len(self.trace)
            now = _real.monotonic()
            if progress != last:
                last, quiet_since, suspect = progress, now, None
            elif now - quiet_since > self.watchdog:
                self._hung()
                return
            elif now - quiet_since > REAL_LOCK_GRACE:
                # Two looks at the same wait, a grace period apart: a real
                # lock that is still held, not a slow line of code.
                seen = self._real_lock_wait()
                if seen is not None and suspect is not None and seen[1:] == suspect[1:]:
                    self._stalled_on_real_lock(*seen)
                    return
                suspect = seen

    def _real_lock_wait(self):
        w = self.current
        if w is None or w.ident is None:
            return None
        frame = sys._current_frames().get(w.ident)
        if frame is None:
            return None
        found = _stuck.real_lock_wait(frame)
        if found is None:
            return None
        f, expr, lock = found
        if self._is_harness_lock(lock):
            # The harness's own hand-off (a thread start waiting for `ready`
            # on a loaded machine, a turn): bounded by its own timeout, not a
            # lock of the code under test.
            return None
        return w, f.f_code, f.f_lineno, expr, id(lock), lock

    def _is_harness_lock(self, lock) -> bool:
        return lock is self.finished or lock in _HARNESS_LOCKS or any(
            lock is o.turn or lock is o.ready or lock is o.exited for o in self.workers)

    def _stalled_on_real_lock(self, w, code, line, expr, _lock_id, lock) -> None:
        """w waits for a real lock: a deadlock if no other thread could run,
        else something the scheduler cannot model. Either way, reported now."""
        holder = self.by_ident.get(_stuck.owner_ident(lock))
        token = _stuck.RealLock(expr, lock, holder)
        w.state = BLOCKED
        w.blocked_on = token
        w.block_desc = f"acquire {token._rc_name}"
        w.deadline = None
        w.pos = (code, line)
        w.stuck = True
        self.trace.append((BLOCK, w.idx, code, line, w.block_desc, token,
                           _failure.holder_name(token)))
        others = [o for o in self.workers if o is not w and o.state == RUNNABLE]
        # Frozen now, before the threads are stopped (the report shows where
        # each one stands and what it holds).
        self.snapshot = _failure.snapshot(self)
        # A deadlock only when the holder is known to be a thread of the run
        # (an RLock records its owner) that cannot run either.
        if holder is not None and not others:
            self.set_failure("deadlock", "no thread can run", real_lock=True)
        else:
            from . import _report
            by = holder.name if holder is not None else (
                "a thread racecheck cannot name (a real Lock does not record its holder)")
            positions = _failure.build(self.scenario.name, {"kind": "deadlock", "message": ""},
                                       self.snapshot)
            self.set_failure(
                "unsupported",
                f"scenario {self.scenario.name!r}: thread {w.name} made no progress for "
                f"{REAL_LOCK_GRACE:g} s: at {_stuck.where_code(code, line)} it waits for "
                f"{expr}, a real lock created before the run where racecheck could not "
                f"replace it, held by {by}. The scheduler cannot run another thread while "
                "one waits for real: create the lock in setup, or make the module that "
                "creates it a target (its module-level locks are then modelled).\n"
                "Threads when the run stopped:\n" + _report.render_threads(positions))
        self.aborting = True
        self.current = None

    def _interrupt(self, w: Worker) -> None:
        """Raise _Abort in a thread stuck in Python code the harness does not trace."""
        if w.ident is not None and w.state != DONE:
            w.interrupted_at = _interrupt.cpu_ticks(w.native_id)
            w.interrupted = _interrupt.raise_in(w.ident, _Abort)

    def _abandon(self, w: Worker) -> None:
        """w did not stop in time: leave it behind, harmless to later runs.

        An _Abort raised in it and still pending (it is blocked in C) is taken
        back: pending, it would stall every traced thread of later runs on
        Python 3.11 (racecheck/_interrupt.py), and fire at a random point of
        the harness's cleanup when the thread wakes. If it wakes, it meets the
        run's abort at its next switch point instead.
        """
        self.closed = True
        if w.interrupted:
            now = _interrupt.cpu_ticks(w.native_id)
            idle = now is None or w.interrupted_at is None or now == w.interrupted_at
            _interrupt.withdraw(w.ident, idle=idle)

    def _hung(self) -> None:
        w = self.current
        seen = self._real_lock_wait()
        if seen is not None:
            # Quiet for the whole watchdog period on a real lock: the report
            # with positions and held locks, not a generic "no progress".
            self._stalled_on_real_lock(*seen)
            return
        where = ""
        if w is not None and w.ident is not None:
            frame = sys._current_frames().get(w.ident)
            if frame is not None:
                where = "".join(traceback.format_stack(frame)[-6:])
        name = w.name if w is not None else "?"
        self.set_failure(
            "unsupported",
            f"scenario {self.scenario.name!r}: thread {name} made no progress for "
            f"{self.watchdog:g} s of real time. It is blocked in a call the harness "
            "does not model (a real lock created outside the run, blocking I/O, a C "
            "extension that waits) or computes for too long between switch points.\n"
            f"Its stack:\n{where}",
        )
        self.aborting = True
        if w is not None:
            # A runaway loop in code without switch points would keep running
            # (and holding the GIL) into the next verify: stop it. A thread
            # blocked in C gets the exception when it returns, if ever.
            w.stuck = True
            self._interrupt(w)

    def _abort_all(self) -> None:
        self.aborting = True
        # One at a time, in index order, so the report's "stopped" rows keep
        # their order; threads reported as stuck last, with a short grace
        # (the lock one waits for is released as the others unwind).
        for w in sorted(self.workers, key=lambda w: w.stuck):
            if w.state != DONE:
                w.abort = True
                try:
                    w.turn.release()
                except RuntimeError:  # already granted
                    pass
            limit = STUCK_GRACE if w.stuck else self.watchdog
            if w.exited.acquire(timeout=limit):
                w.exited.release()
                continue
            self.closed = True
            if not w.stuck:
                self._interrupt(w)
                self.set_failure(
                    "unsupported",
                    f"scenario {self.scenario.name!r}: thread {w.name} did not stop "
                    f"within {self.watchdog:g} s after the run ended (it swallowed the "
                    "harness's abort or is blocked outside the harness)",
                )
                if w.exited.acquire(timeout=STUCK_GRACE):
                    w.exited.release()
                    continue
            self._abandon(w)

    def _run_check(self) -> None:
        check = self.scenario.check
        if check is None:
            return
        try:
            ok = check(self.state)
        except AssertionError as exc:
            text = _assertion_text(exc)
            self.set_failure("invariant", f"check failed: {text}")
        except UnsupportedOperation:
            raise
        except Exception as exc:
            self.set_failure(
                "exception",
                f"check raised {type(exc).__name__}: {exc}",
                check_tb=_user_traceback(exc),
            )
        else:
            if ok is False:
                self.set_failure("invariant", "check returned False")
            elif ok is not True and ok is not None:
                # A falsy non-bool (0, [], "") would read as a pass to some and a
                # failure to others: refuse it instead of guessing.
                raise TypeError(
                    f"scenario {self.scenario.name!r}: check returned "
                    f"{type(ok).__name__} {_ADDRESS.sub('0x...', repr(ok))[:80]}; it must "
                    "return True, False or None (or raise AssertionError)")


# ------------------------------------------------------------------ helpers
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")


def _assertion_text(exc: AssertionError) -> str:
    """The check's own message, stable from run to run.

    pytest rewrites ``assert`` in test modules and appends an explanation
    (``assert ... + where ...``) full of object reprs; a report keeps the
    author's message, or the first line of the explanation when there is
    none, and masks memory addresses so a published report does not change
    with every run.
    """
    text = str(exc).strip() or "".join(traceback.format_exception(exc)[-2:]).strip()
    mine, sep, _ = text.partition("\nassert ")
    if sep and mine.strip():
        text = mine  # the author's message, without pytest's explanation
    elif text.startswith("assert "):
        text = text.splitlines()[0]  # pytest's explanation only: its first line
    return _ADDRESS.sub("0x...", text)


# Blocking C functions a scenario may have bound before the run (``from time
# import sleep`` in a module that is not a target). Python 3.13 reports a real
# time.sleep through an audit event; before that a profile hook on the scenario
# threads spots the call.
BLOCKING_C_FUNCTIONS: dict = {_real.sleep: "a real time.sleep (bound before the run, outside virtual time)"}
_PROFILE_GUARD = sys.version_info < (3, 13)


def _profile_guard(frame, event, arg):
    if event == "c_call":
        what = BLOCKING_C_FUNCTIONS.get(arg)
        if what is not None:
            run = _ACTIVE
            if run is not None and not run.aborting and _real.get_ident() in run.by_ident:
                run.unsupported(what)

_HARNESS_DIR = __file__.rsplit("/", 1)[0]


# Python 3.11 refuses to install a trace or profile function while another
# thread is inside sys.settrace/setprofile (a process-wide guard, which the
# audit hook's Python code holds across a GIL switch: gh-98257, fixed in
# 3.12). The harness's own threads take turns through _INSTALL; a clash with
# a thread outside the harness is retried.
_INSTALL = _real.allocate_lock()
_PAUSE = _real.allocate_lock()  # always held: acquire(timeout) is a sleep
_PAUSE.acquire()
# The harness's own locks, never reported as a real lock of the code under test.
_HARNESS_LOCKS = (_INSTALL, _PAUSE)


def _retrying(install, fn):
    """sys.settrace/setprofile, one harness thread at a time, retried on a clash."""
    held = _INSTALL.acquire(timeout=START_TIMEOUT)
    try:
        for _ in range(200):
            try:
                return install(fn)
            except RuntimeError as exc:
                if "being installed" not in str(exc):
                    raise
                _PAUSE.acquire(timeout=0.001)  # not time.sleep: the guards watch for that
        return install(fn)
    finally:
        if held:
            _INSTALL.release()


def _all_stacks() -> str:
    out = []
    for ident, frame in sys._current_frames().items():
        out.append(f"thread {ident}:\n" + "".join(traceback.format_stack(frame)[-8:]))
    return "\n".join(out)


def _user_traceback(exc) -> str:
    """The exception's traceback without the harness's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not f.filename.startswith(_HARNESS_DIR)]
    text = "".join(traceback.format_list(frames))
    return text + "".join(traceback.format_exception_only(type(exc), exc))


def _user_position(frame, tracer):
    """(code, line) of the innermost target frame, else the innermost non-harness one."""
    fallback = None
    targets = tracer.targets
    cached = targets._cache.get  # (Targets.__contains__ without the method call)
    f = frame
    while f is not None:
        code = f.f_code
        hit = cached(code)
        if hit is None:
            hit = code in targets
        if hit:
            return code, f.f_lineno
        if fallback is None and not code.co_filename.startswith(_HARNESS_DIR):
            fallback = (code, f.f_lineno)
        f = f.f_back
    return fallback if fallback is not None else (None, None)


def _user_location(frame) -> str:
    f = frame
    while f is not None and f.f_code.co_filename.startswith(_HARNESS_DIR):
        f = f.f_back
    if f is None:
        return "?"
    return f"{f.f_code.co_filename.rsplit('/', 1)[-1]}:{f.f_lineno}"
