"""Modelled synchronisation primitives, used in place of threading's during a run.

Each class mirrors the threading API (blocking, timeouts, errors) but never
blocks for real: a thread that must wait is marked blocked and the scheduler
runs another one; timeouts use the run's virtual clock. Every operation is a
switch point, so interleavings between the operations are explored even when
the caller (for example queue.Queue) is not a target.

Outside a run (or in a thread the harness does not manage) the constructors
return the real threading objects, so patching threading's attributes during
a run leaves every other thread of the process unaffected. Called from the
controller (setup or check), the modelled objects act sequentially: an
operation that would have to wait for another thread fails instead of hanging.
"""

from __future__ import annotations

import queue
import threading
import types
from collections import deque

from . import _real, _runtime
from ._runtime import ACQ, REL, _Abort

BrokenBarrierError = threading.BrokenBarrierError


def _ctx():
    run = _runtime._ACTIVE
    if run is None:
        return None, None
    return run, run.by_ident.get(_real.get_ident())


def _in_context(run) -> bool:
    return run is not None and _real.get_ident() in run.context_idents


class _Outside:
    """Holder of a lock that was taken outside the run (by a real thread)."""

    name = "a thread outside the run"

    def __repr__(self):
        return self.name


_OUTSIDE = _Outside()


def _would_block(prim, what: str):
    raise RuntimeError(
        f"racecheck: {what} on {prim._rc_name} would block forever here: no "
        "scenario thread is running that could release it (called from setup, "
        "check or outside a run)"
    )


class _Prim:
    _kind = "Prim"
    _real_factory = None

    def __new__(cls, *args, **kwargs):
        if not _runtime.in_context():
            return cls._real_factory(*args, **kwargs)
        return object.__new__(cls)

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)

    def _register(self):
        run = _runtime._ACTIVE
        self._rc_name = run.register_prim(self, self._kind) if run is not None else self._kind

    # A modelled primitive outlives its run (a module first imported during a
    # run keeps its module-level Lock). Used by a thread that is not part of
    # the active run it behaves as the real primitive: the state moves into a
    # real counterpart, and back into the model when a run's thread uses it.
    _realized = None

    def _outside(self):
        """The real counterpart to use now, or None when the caller is in the run."""
        run = _runtime._ACTIVE
        if run is not None and _real.get_ident() in run.context_idents:
            r = self._realized
            if r is not None:
                self._realized = None
                self._from_real(r)
            owner = getattr(self, "_owner", None)
            if isinstance(owner, _runtime.Worker) and owner.run is not run:
                self._owner, self._count = None, 0  # left held by an earlier run's thread
            return None
        r = self._realized
        if r is None:
            r = self._realized = self._to_real()
        return r

    def _to_real(self):
        return self._real_factory()

    def _from_real(self, real) -> None:
        pass

    def __repr__(self) -> str:
        return f"<racecheck modelled {self._kind} {self._rc_name}>"


def _deadline(run, timeout):
    if timeout is None or timeout < 0:
        return None
    return run.vnow + timeout


class Lock(_Prim):
    """threading.Lock: acquire(blocking=True, timeout=-1), release(), locked()."""

    _kind = "Lock"
    _real_factory = staticmethod(_real.Lock)
    _reentrant = False

    def __init__(self):
        self._owner = None  # Worker, "controller", or None
        self._count = 0
        self._register()

    def _holder_name(self):
        o = self._owner
        return getattr(o, "name", o)

    def acquire(self, blocking=True, timeout=-1):
        r = self._outside()
        if r is not None:
            return r.acquire(blocking, timeout)
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        if timeout < 0 and timeout != -1:
            raise ValueError("timeout value must be a non-negative number")
        run, w = _ctx()
        if w is None:
            return self._direct_acquire(blocking, timeout)
        run.sync_point(w, f"acquire {self._rc_name}", self)
        if self._reentrant and self._owner is w:
            self._count += 1
            return True
        deadline = _deadline(run, timeout) if blocking else run.vnow
        while self._owner is not None:
            if deadline is not None and run.vnow >= deadline:
                return False
            run.block(w, self, deadline, f"acquire {self._rc_name}")
            if w.timed_out and self._owner is not None:
                w.timed_out = False
                return False
        self._take(run, w, 1)
        return True

    def _take(self, run, w, count):
        self._owner = w
        self._count = count
        w.held.append(self)
        run.note(ACQ, w, self)

    def _direct_acquire(self, blocking, timeout):
        me = "controller"
        if self._owner is None:
            self._owner, self._count = me, 1
            return True
        if self._reentrant and self._owner == me:
            self._count += 1
            return True
        if not blocking or timeout >= 0:
            return False
        _would_block(self, "acquire")

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()

    def _to_real(self):
        real = self._real_factory()
        owner = self._owner
        stale = isinstance(owner, _runtime.Worker) and owner.run is not _runtime._ACTIVE
        if owner is not None and not stale and not self._reentrant:
            real.acquire()  # a Lock may be released by any thread: keep it held
        return real

    def _from_real(self, real):
        if self._reentrant:
            locked = repr(real).startswith("<locked")
        else:
            locked = real.locked()
        owner = self._owner
        if locked:
            if owner is None:
                self._owner, self._count = _OUTSIDE, 1
        elif owner is not None and not (self._reentrant and isinstance(owner, _runtime.Worker)):
            self._owner, self._count = None, 0  # released outside the run

    def _at_fork_reinit(self):
        self._owner, self._count, self._realized = None, 0, None

    def release(self):
        r = self._outside()
        if r is not None:
            return r.release()
        run, w = _ctx()
        if w is not None and not run.aborting:
            run.sync_point(w, f"release {self._rc_name}", self)
        if self._owner is None:
            if w is not None and run.aborting:
                return
            raise RuntimeError("release unlocked lock" if not self._reentrant
                               else "cannot release un-acquired lock")
        if self._reentrant:
            me = w if w is not None else "controller"
            if self._owner is not me:
                if w is not None and run.aborting:
                    return
                raise RuntimeError("cannot release un-acquired lock")
            self._count -= 1
            if self._count:
                return
        self._drop(run)

    def _drop(self, run):
        owner = self._owner
        self._owner = None
        self._count = 0
        if isinstance(owner, _runtime.Worker):
            try:
                owner.held.remove(self)
            except ValueError:
                pass
            if run is not None:
                run.note(REL, owner, self)
        if run is not None:
            run.wake(self)

    def locked(self):
        r = self._outside()
        if r is not None:
            return repr(r).startswith("<locked") if self._reentrant else r.locked()
        return self._owner is not None

    # Used by Condition: release completely / reacquire with the saved count.
    def _is_owned_by(self, w):
        return self._owner is w

    def _release_all(self, run, w):
        count = self._count
        self._drop(run)
        return count

    def _reacquire(self, run, w, count):
        while self._owner is not None:
            run.block(w, self, None, f"re-acquire {self._rc_name} after wait")
        self._take(run, w, count)


class RLock(Lock):
    """threading.RLock: reentrant; only the owner may release."""

    _kind = "RLock"
    _real_factory = staticmethod(_real.RLock)
    _reentrant = True

    def _is_owned(self):
        r = self._outside()
        if r is not None:
            return r._is_owned()
        run, w = _ctx()
        return self._owner is (w if w is not None else "controller")


class Condition(_Prim):
    """threading.Condition(lock=None): wait/wait_for/notify/notify_all, timeouts in virtual time."""

    _kind = "Condition"
    _real_factory = staticmethod(_real.Condition)

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        if not isinstance(lock, Lock):
            raise _runtime.UnsupportedOperation(
                f"racecheck: Condition over {lock!r}, a lock created outside the run, "
                "cannot be modelled; create the lock in the scenario's setup"
            )
        self._lock = lock
        self._waiters: list = []
        self._register()
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)

    def _to_real(self):
        return self._real_factory(self._lock._outside() or self._lock)

    def _at_fork_reinit(self):
        # As threading.Condition's: a fresh lock and no waiters. The real
        # Condition it became outside a run was made over the old lock's real
        # counterpart; the next use outside a run makes a new one.
        self._lock._at_fork_reinit()
        self._waiters = []
        self._realized = None

    def _check_owned(self, w):
        me = w if w is not None else "controller"
        if self._lock._owner is not me:
            raise RuntimeError("cannot wait on un-acquired lock" if self._waiting
                               else "cannot notify on un-acquired lock")

    _waiting = False

    def wait(self, timeout=None):
        r = self._outside()
        if r is not None:
            return r.wait(timeout)
        run, w = _ctx()
        me = w if w is not None else "controller"
        if self._lock._owner is not me:
            raise RuntimeError("cannot wait on un-acquired lock")
        if w is None:
            if timeout is None:
                _would_block(self, "wait")
            return False
        run.sync_point(w, f"wait {self._rc_name}", self)
        waiter = [w, False]
        self._waiters.append(waiter)
        saved = self._lock._release_all(run, w)
        deadline = _deadline(run, timeout if timeout is None else max(timeout, 0))
        try:
            while not waiter[1]:
                if deadline is not None and run.vnow >= deadline:
                    break
                run.block(w, self, deadline, f"wait {self._rc_name}")
                if w.timed_out:
                    w.timed_out = False
                    break
        finally:
            if not waiter[1] and waiter in self._waiters:
                self._waiters.remove(waiter)
            if not run.aborting:
                self._lock._reacquire(run, w, saved)
        return waiter[1]

    def wait_for(self, predicate, timeout=None):
        r = self._outside()
        if r is not None:
            return r.wait_for(predicate, timeout)
        run = _runtime._ACTIVE
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                now = run.vnow if run is not None else 0.0
                if endtime is None:
                    endtime = now + waittime
                else:
                    waittime = endtime - now
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        r = self._outside()
        if r is not None:
            return r.notify(n)
        run, w = _ctx()
        me = w if w is not None else "controller"
        if self._lock._owner is not me:
            raise RuntimeError("cannot notify on un-acquired lock")
        if w is not None:
            run.sync_point(w, f"notify {self._rc_name}" if n == 1 else
                           f"notify({n}) {self._rc_name}", self)
        woken = self._waiters[:n]
        del self._waiters[:n]
        for waiter in woken:
            waiter[1] = True
            if run is not None:
                run.wake_worker(waiter[0])

    def notify_all(self):
        r = self._outside()
        if r is not None:
            return r.notify_all()
        run, w = _ctx()
        me = w if w is not None else "controller"
        if self._lock._owner is not me:
            raise RuntimeError("cannot notify on un-acquired lock")
        if w is not None:
            run.sync_point(w, f"notify_all {self._rc_name}", self)
        woken, self._waiters = self._waiters, []
        for waiter in woken:
            waiter[1] = True
            if run is not None:
                run.wake_worker(waiter[0])

    notifyAll = notify_all


class Event(_Prim):
    """threading.Event: set/clear/is_set/wait(timeout)."""

    _kind = "Event"
    _real_factory = staticmethod(_real.Event)

    def __init__(self):
        self._flag = False
        self._register()

    def _to_real(self):
        real = self._real_factory()
        if self._flag:
            real.set()
        return real

    def _from_real(self, real):
        self._flag = real.is_set()

    def _at_fork_reinit(self):
        # As threading.Event's (threading's _after_fork calls it on every
        # Thread's _started): a new internal lock, the same flag. Clearing the
        # flag made a forked child's exit fail on a Thread started in a run
        # ("cannot join thread before it is started").
        r = self._realized
        if r is not None:
            self._flag = r.is_set()  # (reads the flag, takes no lock)
        self._realized = None

    def is_set(self):
        r = self._outside()
        if r is not None:
            return r.is_set()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"is_set {self._rc_name}", self)
        return self._flag

    isSet = is_set

    def set(self):
        r = self._outside()
        if r is not None:
            return r.set()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"set {self._rc_name}", self)
        self._flag = True
        if run is not None:
            run.wake(self)

    def clear(self):
        r = self._outside()
        if r is not None:
            return r.clear()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"clear {self._rc_name}", self)
        self._flag = False

    def wait(self, timeout=None):
        r = self._outside()
        if r is not None:
            return r.wait(timeout)
        run, w = _ctx()
        if w is None:
            if not self._flag and timeout is None:
                _would_block(self, "wait")
            return self._flag
        run.sync_point(w, f"wait {self._rc_name}", self)
        deadline = _deadline(run, timeout if timeout is None else max(timeout, 0))
        while not self._flag:
            if deadline is not None and run.vnow >= deadline:
                return False
            run.block(w, self, deadline, f"wait {self._rc_name}")
            if w.timed_out:
                w.timed_out = False
                return self._flag
        return True


class Semaphore(_Prim):
    """threading.Semaphore(value=1): acquire(blocking, timeout), release(n=1)."""

    _kind = "Semaphore"
    _real_factory = staticmethod(_real.Semaphore)

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._value = value
        self._register()

    def _to_real(self):
        real = self._real_factory(self._initial_value) if hasattr(self, "_initial_value") \
            else self._real_factory(0)
        real._value = self._value
        return real

    def _from_real(self, real):
        self._value = real._value

    def acquire(self, blocking=True, timeout=None):
        r = self._outside()
        if r is not None:
            return r.acquire(blocking, timeout)
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        run, w = _ctx()
        if w is None:
            if self._value > 0:
                self._value -= 1
                return True
            if not blocking or timeout is not None:
                return False
            _would_block(self, "acquire")
        run.sync_point(w, f"acquire {self._rc_name}", self)
        deadline = _deadline(run, timeout) if blocking else run.vnow
        while self._value == 0:
            if deadline is not None and run.vnow >= deadline:
                return False
            run.block(w, self, deadline, f"acquire {self._rc_name}")
            if w.timed_out and self._value == 0:
                w.timed_out = False
                return False
        self._value -= 1
        return True

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()

    def release(self, n=1):
        r = self._outside()
        if r is not None:
            return r.release(n)
        if n < 1:
            raise ValueError("n must be one or more")
        run, w = _ctx()
        if w is not None and not run.aborting:
            run.sync_point(w, f"release {self._rc_name}", self)
        self._check_bound(n)
        self._value += n
        if run is not None:
            run.wake(self)

    def _check_bound(self, n):
        pass


class BoundedSemaphore(Semaphore):
    """threading.BoundedSemaphore: release beyond the initial value raises ValueError."""

    _kind = "BoundedSemaphore"
    _real_factory = staticmethod(_real.BoundedSemaphore)

    def __init__(self, value=1):
        super().__init__(value)
        self._initial_value = value

    def _check_bound(self, n):
        if self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")


class Barrier(_Prim):
    """threading.Barrier(parties, action=None, timeout=None): wait/reset/abort."""

    _kind = "Barrier"
    _real_factory = staticmethod(_real.Barrier)

    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._parties = parties
        self._action = action
        self._timeout = timeout
        self._count = 0
        self._gen = 0
        self._broken_gens: set = set()
        self._broken = False
        self._register()

    def _to_real(self):
        return self._real_factory(self._parties, self._action, self._timeout)

    def wait(self, timeout=None):
        r = self._outside()
        if r is not None:
            return r.wait(timeout)
        run, w = _ctx()
        if timeout is None:
            timeout = self._timeout
        if w is not None:
            run.sync_point(w, f"wait {self._rc_name}", self)
        if self._broken:
            raise BrokenBarrierError
        gen = self._gen
        index = self._count
        self._count += 1
        if self._count == self._parties:
            try:
                if self._action is not None:
                    self._action()
            except BaseException:
                self._break()
                raise
            self._count = 0
            self._gen += 1
            if run is not None:
                run.wake(self)
            return index
        if w is None:
            _would_block(self, "wait")
        deadline = _deadline(run, timeout)
        while gen == self._gen and not self._broken:
            if deadline is not None and run.vnow >= deadline:
                self._break()
                break
            run.block(w, self, deadline, f"wait {self._rc_name}")
            if w.timed_out:
                w.timed_out = False
                if gen == self._gen and not self._broken:
                    self._break()
        if gen in self._broken_gens:
            raise BrokenBarrierError
        return index

    def _break(self):
        self._broken = True
        self._broken_gens.add(self._gen)
        self._count = 0
        run = _runtime._ACTIVE
        if run is not None:
            run.wake(self)

    def reset(self):
        r = self._outside()
        if r is not None:
            return r.reset()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"reset {self._rc_name}", self)
        if self._count > 0 or self._broken:
            self._broken_gens.add(self._gen)
        self._gen += 1
        self._count = 0
        self._broken = False
        if run is not None:
            run.wake(self)

    def abort(self):
        r = self._outside()
        if r is not None:
            return r.abort()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"abort {self._rc_name}", self)
        self._break()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        r = self._outside()
        if r is not None:
            return r.n_waiting
        return 0 if self._broken else self._count

    @property
    def broken(self):
        r = self._outside()
        if r is not None:
            return r.broken
        return self._broken


class SimpleQueue(_Prim):
    """queue.SimpleQueue: unbounded FIFO; put never blocks, get(block, timeout)."""

    _kind = "SimpleQueue"
    _real_factory = staticmethod(_real.SimpleQueue)
    __class_getitem__ = classmethod(types.GenericAlias)

    def __init__(self):
        self._items: deque = deque()
        self._register()

    def _to_real(self):
        real = self._real_factory()
        for item in self._items:
            real.put(item)
        self._items.clear()
        return real

    def _from_real(self, real):
        while True:
            try:
                self._items.append(real.get_nowait())
            except queue.Empty:
                return

    def put(self, item, block=True, timeout=None):
        r = self._outside()
        if r is not None:
            return r.put(item, block, timeout)
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"put {self._rc_name}", self)
        self._items.append(item)
        if run is not None:
            run.wake(self)

    def put_nowait(self, item):
        return self.put(item, False)

    def get(self, block=True, timeout=None):
        r = self._outside()
        if r is not None:
            return r.get(block, timeout)
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        run, w = _ctx()
        if w is None:
            if self._items:
                return self._items.popleft()
            if not block or timeout is not None:
                raise queue.Empty
            _would_block(self, "get")
        run.sync_point(w, f"get {self._rc_name}", self)
        deadline = _deadline(run, timeout) if block else run.vnow
        while not self._items:
            if deadline is not None and run.vnow >= deadline:
                raise queue.Empty
            run.block(w, self, deadline, f"get {self._rc_name}")
            w.timed_out = False
        return self._items.popleft()

    def get_nowait(self):
        return self.get(False)

    def empty(self):
        r = self._outside()
        if r is not None:
            return r.empty()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"empty {self._rc_name}", self)
        return not self._items

    def qsize(self):
        r = self._outside()
        if r is not None:
            return r.qsize()
        run, w = _ctx()
        if w is not None:
            run.sync_point(w, f"qsize {self._rc_name}", self)
        return len(self._items)


MODELLED = {
    "Lock": Lock,
    "RLock": RLock,
    "Condition": Condition,
    "Event": Event,
    "Semaphore": Semaphore,
    "BoundedSemaphore": BoundedSemaphore,
    "Barrier": Barrier,
}
# Classes of threading whose instances created during a run become modelled.
REAL_TO_MODEL = {
    _real.Condition: Condition,
    _real.Event: Event,
    _real.Semaphore: Semaphore,
    _real.BoundedSemaphore: BoundedSemaphore,
    _real.Barrier: Barrier,
}
__all__ = ["_Abort"]
