"""What a racecheck run must leave behind: nothing.

``snapshot()`` records every attribute of the modules and classes racecheck
patches during a run; ``assert_nothing_leaked(before)`` compares, and also
scans every loaded module for one of racecheck's replacement objects (a
patch left behind somewhere else) and for threads a run left registered.
"""

from __future__ import annotations

import os
import sys
import threading
import types

WATCHED_MODULES = (
    "threading", "time", "queue", "_thread", "functools", "select", "builtins",
    "concurrent.futures.thread", "concurrent.futures._base", "asyncio", "asyncio.events",
    "multiprocessing.process", "multiprocessing.synchronize",
)
WATCHED_CLASSES = (
    threading.Thread, threading.Timer, threading.Condition, threading.Event,
    threading.Semaphore, threading.BoundedSemaphore, threading.Barrier,
)


def snapshot() -> dict:
    snap = {}
    for name in WATCHED_MODULES:
        mod = sys.modules.get(name)
        if mod is not None:
            for key, value in list(vars(mod).items()):
                snap[(name, key)] = value
    for cls in WATCHED_CLASSES:
        for key, value in list(vars(cls).items()):
            snap[(cls.__qualname__, key)] = value
    snap[("threads", "alive")] = frozenset(threading.enumerate())
    if hasattr(os, "sched_getaffinity"):  # racecheck pins a run's threads to one CPU
        snap[("affinity", "calling thread")] = frozenset(os.sched_getaffinity(0))
    return snap


def _replacements() -> set:
    """racecheck's stand-ins for threading/time/queue objects."""
    from racecheck import _model, _patch, _threads
    objs = set(_model.MODELLED.values()) | {_model.SimpleQueue}
    objs |= {fn for _owner, _name, fn in _threads.PATCHES}
    objs |= {v for k, v in vars(_patch).items() if k.startswith("_") and callable(v)
             and getattr(v, "__module__", "") == "racecheck._patch"
             and k in ("_sleep", "_monotonic", "_time", "_perf_counter", "_monotonic_ns",
                       "_perf_counter_ns", "_time_ns")}
    return objs


def _is_replacement(value, known_ids) -> bool:
    # By identity and by the type's own attributes only: a module attribute
    # may be a proxy whose __eq__/__hash__/__getattr__ runs arbitrary code
    # (torch.backends.cuda initialises CUDA on attribute access).
    if id(value) in known_ids:
        return True
    if type(value) is not types.FunctionType:  # (isinstance reads __class__: a proxy may warn)
        return False
    return value.__qualname__.startswith(("_guard.<locals>", "_redirect_init.<locals>"))


def assert_nothing_leaked(before: dict) -> None:
    after = snapshot()
    changed = sorted(f"{owner}.{key}" for (owner, key), value in after.items()
                     if (owner, key) in before and before[(owner, key)] is not value
                     and owner not in ("threads", "affinity"))
    mask = ("affinity", "calling thread")
    if mask in before and after.get(mask) != before[mask]:
        changed.append(f"CPU affinity of the calling thread: {sorted(before[mask])} -> {sorted(after[mask])}")
    owners = {owner for owner, _key in before}  # a module first imported meanwhile is new, not patched
    added = sorted(f"{owner}.{key}" for (owner, key) in after
                   if (owner, key) not in before and owner in owners and owner not in ("threads", "affinity"))
    assert not changed and not added, f"left patched after the run: {changed + added}"
    known = {id(obj) for obj in _replacements()}
    stray = []
    for name, mod in list(sys.modules.items()):
        if name.startswith("racecheck") or mod is None:
            continue
        try:
            # Not vars(mod): a lazily imported module (tests/support/optional.py)
            # would run on that (torch, openai: seconds), and one that has not
            # run has bound nothing.
            namespace = object.__getattribute__(mod, "__dict__")
        except (AttributeError, TypeError):
            continue
        for key, value in list(namespace.items()):
            if _is_replacement(value, known):
                stray.append(f"{name}.{key}")
    assert not stray, f"racecheck stand-ins left in modules: {stray}"
    new_threads = after[("threads", "alive")] - before[("threads", "alive")]
    assert not new_threads, f"threads left registered by the run: {sorted(map(repr, new_threads))}"
