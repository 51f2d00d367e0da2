"""Stopping a scenario thread that the scheduler cannot stop, without harm to later runs.

A thread that runs past the watchdog in code without switch points (a
runaway loop in non-target code) only stops if an exception is raised in it
from outside: ``PyThreadState_SetAsyncExc``. That exception is delivered the
next time the thread runs bytecode. A thread blocked in C (a real lock held
elsewhere, a C extension that waits) runs no bytecode, so the exception stays
pending, possibly for the rest of the process, and on CPython before 3.13 the
"an asynchronous exception is pending" flag is interpreter-wide: every other
thread keeps entering the eval loop's slow path. On 3.11 that is a livelock:
a traced or profiled thread (every scenario thread of a later run) that
enters a function handles the flag, finds no exception of its own and
re-dispatches the same RESUME instruction forever, holding or ping-ponging
the GIL, so no later run can even start its threads. (3.13 keeps the flag per
thread: gh-112175.)

So an abandoned thread never keeps a pending exception: ``withdraw`` takes it
back when the thread has not run since it was raised (it is blocked), and in
every case clears the interpreter-wide flag. The thread, if it ever wakes,
then meets the run's own abort at its next switch point, synchronously, in
code the harness controls.
"""

from __future__ import annotations

import ctypes
import sys

from . import _real

_SET_ASYNC_EXC = ctypes.pythonapi.PyThreadState_SetAsyncExc
_SET_ASYNC_EXC.argtypes = (ctypes.c_ulong, ctypes.py_object)
_SET_ASYNC_EXC.restype = ctypes.c_int
# Python 3.13+ keeps the pending-exception flag per thread (gh-112175).
_SHARED_FLAG = sys.version_info < (3, 13)


class _Flush(BaseException):
    """Raised in the calling thread only to clear the interpreter-wide flag."""


def raise_in(ident: int, exc_type: type) -> bool:
    """Schedule exc_type in thread `ident`; True if that thread exists."""
    return _SET_ASYNC_EXC(ident, exc_type) == 1


def cpu_ticks(native_id: int | None) -> int | None:
    """CPU time the thread has used (clock ticks), or None if unknown or gone."""
    if native_id is None:
        return None
    try:
        with open(f"/proc/self/task/{native_id}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    try:
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (IndexError, ValueError):
        return None


def withdraw(ident: int, *, idle: bool) -> None:
    """An abandoned thread keeps no exception pending that could hit later runs.

    idle: the thread used no CPU since the exception was scheduled (blocked in
    C): take the exception back. Otherwise it is running (a loop in C code,
    or starved) and gets it when it next runs bytecode: leave it scheduled.
    Either way the interpreter-wide flag is cleared; the thread re-raises it
    for itself when it next takes the GIL.
    """
    if idle:
        _SET_ASYNC_EXC(ident, None)
    if _SHARED_FLAG:
        flush_flag()


def flush_flag() -> None:
    """Clear the interpreter-wide "asynchronous exception pending" flag.

    Only the thread an exception is pending for clears the flag, when it
    handles it; so schedule one for this thread and handle it at once.
    """
    me = _real.get_ident()
    try:
        _SET_ASYNC_EXC(me, _Flush)
        # The eval loop checks for pending exceptions on every backward jump.
        for _ in range(1_000_000):
            pass
    except _Flush:
        return
    except BaseException:
        _SET_ASYNC_EXC(me, None)  # something else came first (a signal): no stray _Flush
        raise
    _SET_ASYNC_EXC(me, None)
