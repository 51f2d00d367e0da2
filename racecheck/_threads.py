"""Threads that the code under test starts, run as scheduled threads of the run.

During a run, ``threading.Thread.start`` / ``join`` / ``is_alive`` and
``_thread.start_new_thread`` are replaced (see _patch.Patcher): called from a
thread of the run (a scenario thread, a thread it started, or setup), start()
adds a thread to the run, which the strategy schedules like the scenario's
own; join() and is_alive() are switch points and join(timeout) runs on the
virtual clock. Called from any other thread they are the originals.

Every thread of a run is registered in ``threading._active`` under its own
ident while it runs, so ``threading.current_thread()`` returns the user's
Thread object (or, in a scenario thread, a stand-in named T0, T1, ...), and
is removed when it ends. A Thread object started in a run is left in the
stopped state afterwards, so its original join()/is_alive() work outside.
"""

from __future__ import annotations

import _thread
import concurrent.futures._base as _futures  # no locks at import; the thread pool module stays unimported
import threading

from . import _real, _runtime

_ORIG_START = threading.Thread.start
_ORIG_JOIN = threading.Thread.join
_ORIG_IS_ALIVE = threading.Thread.is_alive
_ORIG_START_NEW_THREAD = _thread.start_new_thread
_HANDLES = hasattr(_thread, "_make_thread_handle")  # Python 3.13+


def _run_of_caller():
    run = _runtime._ACTIVE
    if run is not None and _real.get_ident() in run.context_idents:
        return run
    return None


class ScenarioThread(threading.Thread):
    """What ``threading.current_thread()`` returns in a scenario thread."""

    def __init__(self, name: str):
        super().__init__(name=name, daemon=False)
        self._rc_alive = True
        self._started.set()
        self._set_ident()
        if hasattr(self, "_set_native_id"):
            self._set_native_id()
        if _HANDLES:
            self._handle = _thread._make_thread_handle(self._ident)

    def run(self):  # never started: the harness runs the scenario's function
        pass

    def is_alive(self):
        return self._rc_alive

    def join(self, timeout=None):
        raise RuntimeError("cannot join a racecheck scenario thread")


def bind(thread: threading.Thread) -> None:
    """In the new thread: make `thread` the current_thread() of this OS thread."""
    thread._ident = _real.get_ident()
    if hasattr(thread, "_set_native_id"):
        thread._set_native_id()
    with threading._active_limbo_lock:
        threading._active[thread._ident] = thread


def unbind(thread: threading.Thread) -> None:
    """The thread has ended: forget it and leave the object in the stopped state."""
    ident = thread._ident
    with threading._active_limbo_lock:
        if threading._active.get(ident) is thread:
            del threading._active[ident]
    mark_stopped(thread)


def mark_stopped(thread: threading.Thread) -> None:
    if isinstance(thread, ScenarioThread):
        thread._rc_alive = False
    if _HANDLES:
        if thread._ident is not None and not thread._handle.is_done():
            handle = _thread._make_thread_handle(thread._ident)
            handle._set_done()
            thread._handle = handle
    else:
        thread._is_stopped = True
        thread._tstate_lock = None


def _started_flag(thread) -> bool:
    started = thread._started
    if hasattr(started, "_outside") and started._realized is None:  # modelled: no switch
        return started._flag
    return started.is_set()


def mark_started(thread: threading.Thread) -> None:
    """Set the Thread's started flag without a switch point."""
    started = thread._started
    if hasattr(started, "_outside"):  # a modelled Event
        started._flag = True
    else:
        started.set()


# Threads and futures created in a run hash by their creation order, not by
# address: the standard library iterates sets of them (ThreadPoolExecutor.shutdown
# joins ``self._threads`` in set order; as_completed and wait build sets of
# futures and return them), and an address-based order would make the same
# seed take a different schedule, or return futures in another order, from
# one run (or process) to the next.
_ORIG_INIT = threading.Thread.__init__
_ORIG_FUTURE_INIT = _futures.Future.__init__
_DETERMINISTIC: dict = {}


def _hash_by_order(self):
    return self._rc_order


def _deterministic_class(cls):
    det = _DETERMINISTIC.get(cls)
    if det is None:
        det = type(cls.__name__, (cls,), {
            "__hash__": _hash_by_order, "__module__": cls.__module__,
            "__qualname__": cls.__qualname__, "__doc__": cls.__doc__,
            "_rc_deterministic": True})
        _DETERMINISTIC[cls] = det
    return det


def _number(run, obj) -> None:
    """Give `obj` (created in `run`) a hash that is its creation number."""
    if type(obj).__hash__ is object.__hash__ \
            and not getattr(type(obj), "_rc_deterministic", False):
        run.order_seq += 1
        obj._rc_order = run.order_seq
        obj.__class__ = _deterministic_class(type(obj))


def init(self, *args, **kwargs):
    _ORIG_INIT(self, *args, **kwargs)
    run = _run_of_caller()
    if run is None:
        return
    started = self.__dict__.get("_started")
    if started is not None and run.prims and run.prims[-1] is started:
        # threading's own bookkeeping, not a primitive of the code under
        # test: keep it out of the report's numbering (Event#1, ...).
        run.unregister_prim(started, "started")
    _number(run, self)


def future_init(self, *args, **kwargs):
    _ORIG_FUTURE_INIT(self, *args, **kwargs)
    run = _run_of_caller()
    if run is not None:
        _number(run, self)


def _future_order(future):
    order = future.__dict__.get("_rc_order")
    return (1, id(future)) if order is None else (0, order)


def acquire_futures_init(self, futures):
    """concurrent.futures' _AcquireFutures takes the futures' locks in one
    global order, by address; futures of a run are taken in creation order
    (the others, as before, by address after them)."""
    self.futures = sorted(futures, key=_future_order)


def start(self):
    run = _run_of_caller()
    if run is None:
        return _ORIG_START(self)
    if not self._initialized:
        raise RuntimeError("thread.__init__() not called")
    if self in run.threads or _started_flag(self):
        raise RuntimeError("threads can only be started once")
    run.start_thread(_body(self), thread=self, label=self.name)


def _body(thread):
    def body(_state):
        thread.run()
    return body


def join(self, timeout=None):
    run = _run_of_caller()
    w = run.threads.get(self) if run is not None else None
    if w is None:
        return _ORIG_JOIN(self, timeout)
    if self is threading.current_thread():
        raise RuntimeError("cannot join current thread")
    if timeout is not None:
        timeout = max(timeout, 0)
    run.join_worker(w, timeout)


def is_alive(self):
    run = _run_of_caller()
    w = run.threads.get(self) if run is not None else None
    if w is None:
        return _ORIG_IS_ALIVE(self)
    return run.worker_alive(w)


def start_new_thread(function, args, kwargs=None):
    run = _run_of_caller()
    if run is None:
        return _ORIG_START_NEW_THREAD(function, args, *(() if kwargs is None else (kwargs,)))
    if not callable(function):
        raise TypeError("first arg must be callable")
    if not isinstance(args, tuple):
        raise TypeError("2nd arg must be a tuple")
    kw = {} if kwargs is None else kwargs

    def body(_state):
        function(*args, **kw)

    w = run.start_thread(body, thread=None, label=getattr(function, "__name__", "thread"))
    return w.ident


PATCHES = [
    (threading.Thread, "__init__", init),
    (threading.Thread, "start", start),
    (threading.Thread, "join", join),
    (threading.Thread, "is_alive", is_alive),
    (_thread, "start_new_thread", start_new_thread),
    (_futures.Future, "__init__", future_init),
    (_futures._AcquireFutures, "__init__", acquire_futures_init),
]
__all__ = ["PATCHES", "ScenarioThread", "bind", "unbind", "mark_stopped", "mark_started"]
