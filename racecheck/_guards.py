"""Guarded attributes: a lock discipline checked at every access (Scenario.guards).

    racecheck.Scenario(..., guards=lambda q: [racecheck.guarded(q, "_mutex", "_items")])

states that ``q._items`` may only be read, written or deleted by a thread that
holds ``q._mutex`` (a Lock or RLock, or a Condition: then its lock). In every
run, each access to a guarded attribute by a thread of the run (setup and the
check are exempt: no other thread runs then) is checked against the lock's
holder; the first access without it makes the run fail ("invariant"), naming
the thread, the attribute and the line.

Why: racecheck switches threads between bytecodes, never inside one C call, so
a lock around a single C-level call (``len(self._items)``, ``dict(self._d)``,
``list(self._seen)``) changes no schedule it can explore; dropping that lock
is invisible to interleavings on a GIL build, and on a free-threaded build
the call may run while another thread mutates the container. What a reader
of the class relies on is the documented discipline ("_items is guarded by
_mutex"), and that is what a guard checks, like Clang's GUARDED_BY
annotations checked at run time. It observes accesses by attribute name on
the object itself (``obj.attr``, ``getattr``, ``setattr``, ``del``); code that
reaches the value through another reference (a local alias taken under the
lock) is not checked.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from . import _model, _runtime

__all__ = ["Guard", "guarded"]


@dataclass(frozen=True)
class Guard:
    """``attrs`` of ``obj`` may only be touched while holding ``obj.<lock>``."""

    obj: object
    lock: str
    attrs: tuple[str, ...]


def guarded(obj: object, lock: str, *attrs: str) -> Guard:
    """Declare that ``obj.<attr>`` for each of ``attrs`` is guarded by ``obj.<lock>``."""
    if not attrs:
        raise ValueError("racecheck.guarded: name at least one guarded attribute")
    if lock in attrs:
        raise ValueError(f"racecheck.guarded: {lock!r} is the lock; it cannot guard itself")
    for name in (lock, *attrs):
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError(f"racecheck.guarded: attribute names must be identifiers, not {name!r}")
    return Guard(obj, lock, tuple(attrs))


_SUBCLASSES: dict[type, type] = {}


def _checked_class(cls: type) -> type:
    """A subclass of ``cls`` (same name, no new slots) whose attribute access is checked."""
    sub = _SUBCLASSES.get(cls)
    if sub is not None:
        return sub
    get, set_, delete = cls.__getattribute__, cls.__setattr__, cls.__delattr__

    def __getattribute__(self, name):
        _check(self, name, "reads")
        return get(self, name)

    def __setattr__(self, name, value):
        _check(self, name, "writes")
        set_(self, name, value)

    def __delattr__(self, name):
        _check(self, name, "deletes")
        delete(self, name)

    sub = type(cls.__name__, (cls,), {
        "__slots__": (), "__module__": cls.__module__, "__qualname__": cls.__qualname__,
        "__getattribute__": __getattribute__, "__setattr__": __setattr__, "__delattr__": __delattr__,
        "_racecheck_guarded_base": cls,
    })
    _SUBCLASSES[cls] = sub
    return sub


def install(run, guards) -> None:
    """Check ``guards`` (from Scenario.guards(state)) during ``run``."""
    table: dict[int, tuple[object, type, dict[str, str]]] = {}
    run.guards = table  # (filled as it goes: uninstall restores what was swapped, even after an error)
    for g in guards:
        if not isinstance(g, Guard):
            raise TypeError(f"scenario {run.scenario.name!r}: guards must return racecheck.guarded(...) "
                            f"values, not {type(g).__name__}")
        cls = type(g.obj)
        base = getattr(cls, "_racecheck_guarded_base", cls)
        entry = table.get(id(g.obj))
        if entry is None:
            try:
                g.obj.__class__ = _checked_class(base)
            except TypeError as exc:
                raise TypeError(f"scenario {run.scenario.name!r}: cannot guard attributes of a "
                                f"{base.__name__} ({exc}); guard a plain Python object") from None
            entry = table[id(g.obj)] = (g.obj, base, {})
        entry[2].update({a: g.lock for a in g.attrs})


def uninstall(run) -> None:
    for obj, base, _ in run.guards.values():
        obj.__class__ = base
    run.guards = {}


def _check(obj, name: str, verb: str) -> None:
    run = _runtime._ACTIVE
    if run is None or not run.guards or run.guard_violation is not None or run.checking:
        return
    entry = run.guards.get(id(obj))
    if entry is None or entry[0] is not obj or name not in entry[2]:
        return
    w = run.current_worker()
    if w is None:  # setup, the check, or a thread outside the run
        return
    lock_name = entry[2][name]
    lock = entry[1].__getattribute__(obj, lock_name)
    if isinstance(lock, _model.Condition):
        lock = lock._lock
    if not isinstance(lock, _model.Lock):
        run.guard_violation = (f"{entry[1].__name__}.{lock_name} is {type(lock).__name__}, not a lock "
                               "racecheck models (create it in the scenario's setup)")
        return
    if lock._owner is not w:
        where = _runtime._user_location(sys._getframe(2))
        run.guard_violation = (f"unguarded access: {w.name} {verb} {entry[1].__name__}.{name} at {where} "
                               f"without holding {lock_name}, the lock that guards it (Scenario.guards)")
