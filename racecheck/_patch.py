"""Swap threading/time for the modelled versions during a verify call, and refuse
what cannot be modelled.

Patched for the duration of one verify/expect_failure/replay call, restored
afterwards:

* the attributes of ``threading`` (Lock, RLock, Condition, Event, Semaphore,
  BoundedSemaphore, Barrier) and of ``time`` (sleep, monotonic, time,
  perf_counter and their _ns forms);
* names bound to those originals in the target modules and in ``queue``
  (``from threading import Lock``, ``from time import monotonic as time``),
  and threading's names (not time's) in the project's other modules and in
  ``functools``;
* real primitives stored in the globals, class attributes and module-level
  objects (one level down, e.g. 3.11's cached_property lock) of the target
  modules, the project's other modules and ``concurrent.futures.thread`` are
  replaced by fresh modelled ones before every run (one per real object, so a
  Condition keeps sharing its lock); a ThreadPoolExecutor found there gets a
  fresh state per run (modelled queue and locks, no threads), and one out of
  reach refuses submit/shutdown inside a run;
* ``threading.Thread.start/join/is_alive`` and ``_thread.start_new_thread``:
  threads the code starts join the run (see _threads); ``queue.SimpleQueue``
  is modelled;
* the ``__init__`` of threading's Condition, Event, Semaphore,
  BoundedSemaphore and Barrier, so that an alias bound before the run
  constructs a modelled object in a run's thread;
* guards that raise UnsupportedOperation inside a run: process creation,
  ``_thread.allocate_lock``, ``select``,
  ``input``, asyncio event loops, plus an audit hook for sockets, subprocesses,
  os.system/fork/exec and a real ``time.sleep``.

Every replacement checks which thread calls it: outside a run's threads it
behaves exactly like the original.
"""

from __future__ import annotations

import _thread
import builtins
import functools
import logging
import os
import queue
import select
import sys
import sysconfig
import threading
import time
import types

from . import _model, _real, _runtime, _threads

_BASE_MONOTONIC = 1000.0
_BASE_WALL = 1_767_225_600.0  # 2026-01-01T00:00:00Z: virtual wall clock start


def _virtual_now():
    run = _runtime._ACTIVE
    if run is not None and _real.get_ident() in run.context_idents:
        return run.vnow
    return None


def _monotonic():
    v = _virtual_now()
    return _real.monotonic() if v is None else _BASE_MONOTONIC + v


def _perf_counter():
    v = _virtual_now()
    return _real.perf_counter() if v is None else _BASE_MONOTONIC + v


_ORIG_TIME = time.time
_ORIG_MONO_NS = time.monotonic_ns
_ORIG_TIME_NS = time.time_ns
_ORIG_PERF_NS = time.perf_counter_ns


def _time():
    v = _virtual_now()
    return _ORIG_TIME() if v is None else _BASE_WALL + v


def _monotonic_ns():
    v = _virtual_now()
    return _ORIG_MONO_NS() if v is None else int((_BASE_MONOTONIC + v) * 1e9)


def _perf_counter_ns():
    v = _virtual_now()
    return _ORIG_PERF_NS() if v is None else int((_BASE_MONOTONIC + v) * 1e9)


def _time_ns():
    v = _virtual_now()
    return _ORIG_TIME_NS() if v is None else int((_BASE_WALL + v) * 1e9)


def _sleep(secs):
    run = _runtime._ACTIVE
    if run is not None:
        w = run.by_ident.get(_real.get_ident())
        if w is not None:
            return _virtual_sleep(run, w, secs)
        if _real.get_ident() in run.context_idents:  # controller: nobody else runs
            if secs < 0:
                raise ValueError("sleep length must be non-negative")
            run.vnow += secs
            return None
    return _real.sleep(secs)


class _SleepToken:
    _rc_name = "sleep"


_SLEEP = _SleepToken()


def _virtual_sleep(run, w, secs):
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    run.sync_point(w, f"sleep({secs:g})")
    deadline = run.vnow + secs
    while run.vnow < deadline:
        run.block(w, _SLEEP, deadline, f"sleep({secs:g})")
        w.timed_out = False


_HARNESS_DIR = __file__.rsplit("/", 1)[0]
_STDLIB_DIR = os.path.dirname(os.__file__)
_PLATSTDLIB_DIR = sysconfig.get_paths()["platstdlib"]


def _guard(what, original, stdlib_ok=False):
    def guarded(*args, **kwargs):
        if _runtime.in_context():
            caller = sys._getframe(1).f_code.co_filename
            # racecheck's own layers may use the originals; so may the import
            # system and the standard library for their short internal locks.
            if not (caller.startswith(_HARNESS_DIR) or (stdlib_ok and (
                    caller.startswith("<frozen") or caller.startswith(_STDLIB_DIR)))):
                _runtime._ACTIVE.unsupported(what)
        return original(*args, **kwargs)

    guarded.__name__ = getattr(original, "__name__", "guarded")
    guarded.__wrapped__ = original
    return guarded


# Audit events that mean real blocking I/O or a new process.
_AUDIT_UNSUPPORTED = {
    "socket.__new__": "creating a socket (blocking I/O)",
    "socket.connect": "socket.connect (blocking I/O)",
    "socket.getaddrinfo": "socket.getaddrinfo (blocking I/O)",
    "subprocess.Popen": "subprocess.Popen (a child process)",
    "os.system": "os.system (a child process)",
    "os.fork": "os.fork",
    "os.forkpty": "os.forkpty",
    "os.posix_spawn": "os.posix_spawn (a child process)",
    "os.exec": "os.exec*",
    "os.spawn": "os.spawn*",
    "builtins.input": "input() (blocking I/O)",
    "time.sleep": "a real time.sleep (bound before the run, outside virtual time)",
}
_audit_installed = False


def _audit(event, args):
    run = _runtime._ACTIVE
    if run is None:
        return
    what = _AUDIT_UNSUPPORTED.get(event)
    if what is None:
        return
    if _real.get_ident() in run.by_ident and not run.aborting:
        run.unsupported(what)


def _install_audit_hook():
    global _audit_installed
    if not _audit_installed:
        sys.addaudithook(_audit)
        _audit_installed = True


_REAL_PRIM_TYPES = {
    _real.LOCK_TYPE: lambda old: _model.Lock(),
    _real.RLOCK_TYPE: lambda old: _model.RLock(),
    threading._PyRLock: lambda old: _model.RLock(),
    _real.Condition: lambda old: _model.Condition(),
    _real.Event: lambda old: _event_like(old),
    _real.BoundedSemaphore: lambda old: _model.BoundedSemaphore(old._initial_value),
    _real.Semaphore: lambda old: _model.Semaphore(old._value),
    _real.Barrier: lambda old: _model.Barrier(old.parties, old._action, old._timeout),
}


def _event_like(old):
    ev = _model.Event()
    ev._flag = old.is_set()
    return ev


def _model_of(original, memo: dict):
    """The modelled stand-in for a real primitive found before the run, one per
    real object: a Condition gets the stand-in of its own lock, so code that
    takes the lock directly and code that waits on the Condition still
    exclude each other."""
    prim = memo.get(id(original))
    if prim is None:
        if type(original) is _real.Condition and type(original._lock) in _REAL_PRIM_TYPES:
            prim = _model.Condition(_model_of(original._lock, memo))
        else:
            prim = _REAL_PRIM_TYPES[type(original)](original)
        memo[id(original)] = prim
    return prim


def _executor_class():
    mod = sys.modules.get("concurrent.futures.thread")
    return getattr(mod, "ThreadPoolExecutor", None)


# A ThreadPoolExecutor found before the run gets, for every run, a fresh copy
# of its state with modelled parts: an empty work queue and no worker threads
# (the run starts its own, as a new executor would), its own locks. Its real
# state, and any real worker threads, are back when the session ends.
_EXECUTOR_PARTS = {
    "_work_queue": lambda: _model.SimpleQueue(),
    "_idle_semaphore": lambda: _model.Semaphore(0),
    "_shutdown_lock": lambda: _model.Lock(),
    "_threads": set,
}


def _executor_guard(name, original):
    """ThreadPoolExecutor.submit/shutdown: refuse, at once, an executor whose
    queue and threads are real (created before the run where racecheck does
    not look, or in an earlier run), whose work would run outside the
    schedule or block for real."""
    def method(self, *args, **kwargs):
        run = _runtime._ACTIVE
        if run is not None and _runtime.in_context():
            q = self.__dict__.get("_work_queue")
            if not any(p is q for p in run.prims):
                run.unsupported(
                    f"ThreadPoolExecutor.{name}() on an executor created outside this run "
                    f"and out of racecheck's reach ({self._thread_name_prefix!r}): its work "
                    "queue and worker threads are real, so its work would run outside the "
                    "schedule or block for real. Create the executor inside the run (in "
                    "setup or in the code under test), or keep it in a module-level name, "
                    "a class attribute or an attribute of a module-level object of a "
                    "target or project module, where racecheck gives it a fresh modelled "
                    "queue and threads for every run; this")
        return original(self, *args, **kwargs)

    method.__name__ = name
    method.__qualname__ = f"ThreadPoolExecutor.{name}"
    method.__wrapped__ = original
    return method


class _QuietAbort(logging.Filter):
    """Drops a log record about racecheck stopping a thread at the end of a run."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, _runtime._Abort)


_SUBCLASS_HINT = (
    "racecheck models threading's primitives themselves, not subclasses of them: "
    "the inherited methods would run threading's own code, which blocks and times "
    "out for real, outside the schedule. Keep the primitive in an attribute "
    "(self._sem = threading.BoundedSemaphore(n)) and delegate to it")


def _redirect_init(real, model):
    original = real.__dict__["__init__"]

    def __init__(self, *args, **kwargs):
        if _runtime.in_context():
            if type(self) is real:
                self.__class__ = model
                model.__init__(self, *args, **kwargs)
                return
            _runtime._ACTIVE.unsupported(
                f"creating {type(self).__qualname__}, a subclass of threading."
                f"{real.__name__} ({_SUBCLASS_HINT}); this")
        original(self, *args, **kwargs)

    __init__.__wrapped__ = original
    return __init__


def _refuse_subclass(real, name, original):
    """A method of a real threading class: called in a run on an instance of a
    subclass (created before the run: one created in the run is refused at
    once), it raises UnsupportedOperation instead of blocking for real."""
    def method(self, *args, **kwargs):
        if type(self) not in _model.REAL_TO_MODEL and _runtime.in_context():
            base = next(c for c in type(self).__mro__ if c in _model.REAL_TO_MODEL)
            _runtime._ACTIVE.unsupported(
                f"{type(self).__qualname__}.{name}() on an object created before the run "
                f"whose class subclasses threading.{base.__name__} ({_SUBCLASS_HINT}); this")
        return original(self, *args, **kwargs)

    functools.update_wrapper(method, original)
    return method


def _not_loaded(mod) -> bool:
    """A module that has not run yet (importlib.util.LazyLoader's) or any
    object in sys.modules whose attribute access runs code: reading even its
    ``__file__`` would import it, in the middle of patching."""
    return type(mod).__getattribute__ is not types.ModuleType.__getattribute__


# Verdicts that do not change while a module or class lives (where its code
# came from), kept across sessions: every verify call classifies every loaded
# module and the class of every module global again, about 2,500 modules in
# a test process that has imported torch. Keyed by name / id, checked by
# identity (a module imported again, or a new class at a reused id, is new).
_HELPER_VERDICTS: dict[str, tuple[object, bool]] = {}
_CLASS_VERDICTS: dict[int, tuple[type, bool]] = {}
_FUNCTION_VERDICTS: dict[int, tuple[object, bool]] = {}


def _may_capture(fn) -> bool:
    """A function of the project with a closure or default arguments (where
    one of threading's classes may have been captured)."""
    known = _FUNCTION_VERDICTS.get(id(fn))
    if known is None or known[0] is not fn:
        known = _FUNCTION_VERDICTS[id(fn)] = (fn, isinstance(fn, types.FunctionType) and bool(
            fn.__closure__ or fn.__defaults__) and _is_project_file(fn.__code__.co_filename))
    return known[1]


def _is_project_file(f) -> bool:
    """A file of the project: not the standard library, not an installed package, not racecheck."""
    return isinstance(f, str) and not f.startswith(_HARNESS_DIR) and not (
        f.startswith(_STDLIB_DIR) or f.startswith(_PLATSTDLIB_DIR)
        or "site-packages" in f or "dist-packages" in f)


def _helper_modules() -> list:
    """The project's own modules: not the standard library, not installed
    packages, not racecheck, not those that have not run yet."""
    out = []
    for name, mod in list(sys.modules.items()):
        known = _HELPER_VERDICTS.get(name)
        if known is None or known[0] is not mod:
            if _not_loaded(mod):
                continue  # (not remembered: it may run later)
            known = _HELPER_VERDICTS[name] = (mod, _is_project_file(getattr(mod, "__file__", None)))
        if known[1]:
            out.append(mod)
    return out


def _STDLIB_WITH_LOCKS() -> list:
    """Standard-library modules with module-level locks that code under test
    reaches (a real lock held across a switch point would block for real)."""
    return [m for m in (sys.modules.get("concurrent.futures.thread"),) if m is not None]


def _holds_primitives(obj) -> bool:
    """An object whose attributes may be primitives worth modelling: an
    instance of a class from the project, or a functools.cached_property."""
    # By type only: a module global may be a proxy whose attribute access runs
    # code (warns, initialises a device).
    cls = type(obj)
    if issubclass(cls, (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType)):
        return False
    try:
        d = object.__getattribute__(obj, "__dict__")
    except Exception:
        return False
    if not isinstance(d, dict):
        return False
    known = _CLASS_VERDICTS.get(id(cls))
    if known is None or known[0] is not cls:
        if issubclass(cls, (functools.cached_property, queue.Queue)):
            verdict = True
        else:
            mod = sys.modules.get(cls.__module__)
            verdict = _is_project_file(getattr(mod, "__file__", None))
        known = _CLASS_VERDICTS[id(cls)] = (cls, verdict)
    return known[1]


_MAX_SCANNED_ITEMS = 10_000  # items of one module-level list or dict looked at for primitives


def _store(owner, name, value):
    """Puts a primitive back where it was found: an attribute, or the item of a
    list or dict kept in one (if the run left that item in place)."""
    if type(owner) is list:
        if name < len(owner):
            owner[name] = value
    elif isinstance(owner, dict):
        dict.__setitem__(owner, name, value)
    else:
        setattr(owner, name, value)


class Patcher:
    """Applies and restores the patches for one session (one verify call)."""

    def __init__(self, modules):
        self.modules = list(modules)
        self._saved: list[tuple[object, str, object]] = []
        self._instance_slots: list[tuple[object, object, object, str]] = []
        self._cells: list[tuple[object, object]] = []  # (closure cell, its original content)
        self._factories: dict = {}  # threading's real classes/factories -> their stand-ins
        self._seen: set[int] = set()  # objects already scanned this session (cycles, sharing)
        self._executors: list[tuple[object, str, dict]] = []
        self._log_filter = None
        self._modules_before: set[str] = set()  # the modules loaded when the patches went in
        self._originals: dict[int, object] = {}  # id(stand-in) -> what it stands in for
        self._stand_ins: list = []  # (keeps those ids valid until restore)

    def _set(self, owner, name, value):
        if isinstance(owner, type):
            self._saved.append((owner, name, owner.__dict__[name]))
        else:
            self._saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    def apply(self):
        _install_audit_hook()
        # (A module not run yet counts as new: it may run during the run.)
        self._modules_before = {name for name, mod in list(sys.modules.items()) if not _not_loaded(mod)}
        replacements = {}
        for name, cls in _model.MODELLED.items():
            replacements[getattr(threading, name)] = cls
            self._set(threading, name, cls)
        for name, fn in (
            ("sleep", _sleep), ("monotonic", _monotonic), ("time", _time),
            ("perf_counter", _perf_counter), ("monotonic_ns", _monotonic_ns),
            ("perf_counter_ns", _perf_counter_ns), ("time_ns", _time_ns),
        ):
            replacements[getattr(time, name)] = fn
            self._set(time, name, fn)
        # Threads the code starts join the run (see _threads).
        for owner, name, fn in _threads.PATCHES:
            replacements.setdefault(getattr(owner, name), fn)
            self._set(owner, name, fn)
        replacements[queue.SimpleQueue] = _model.SimpleQueue
        self._set(queue, "SimpleQueue", _model.SimpleQueue)
        guards = [
            (_thread, "allocate_lock", "_thread.allocate_lock (a real lock)"),
            (_thread, "start_joinable_thread", "starting a thread (_thread)"),
            (select, "select", "select.select (blocking I/O)"),
            (select, "poll", "select.poll (blocking I/O)"),
            (select, "epoll", "select.epoll (blocking I/O)"),
            (builtins, "input", "input() (blocking I/O)"),
        ]
        if "asyncio" in sys.modules:
            import asyncio
            import asyncio.events

            guards += [
                (asyncio, "run", "asyncio.run (an event loop)"),
                (asyncio, "new_event_loop", "an asyncio event loop"),
                (asyncio.events, "new_event_loop", "an asyncio event loop"),
            ]
        if "multiprocessing" in sys.modules:
            import multiprocessing.process

            guards.append((multiprocessing.process.BaseProcess, "start",
                           "starting a multiprocessing process"))
            try:
                import multiprocessing.synchronize as mps
            except ImportError:  # no working sem_open on this platform
                mps = None
            if mps is not None:
                guards.append((mps.SemLock, "__init__",
                               "a multiprocessing lock/semaphore (multiprocessing.pool."
                               "ThreadPool and multiprocessing.dummy make them too, even for "
                               "threads: use concurrent.futures.ThreadPoolExecutor, which "
                               "racecheck runs)"))
        for owner, name, what in guards:
            if name in (owner.__dict__ if isinstance(owner, type) else vars(owner)):
                original = getattr(owner, name)
                g = _guard(what, original, stdlib_ok=name == "allocate_lock")
                replacements.setdefault(original, g)
                self._set(owner, name, g)
        # References to the real classes captured before the run (default
        # arguments, aliases in non-target modules) construct modelled objects
        # too: their __init__ turns the new object into the modelled class.
        # (Not __new__: CPython cannot cleanly remove a __new__ again.)
        for real, model in _model.REAL_TO_MODEL.items():
            self._set(real, "__init__", _redirect_init(real, model))
            for name, value in list(real.__dict__.items()):
                if isinstance(value, types.FunctionType) and name not in ("__init__", "__repr__"):
                    self._set(real, name, _refuse_subclass(real, name, value))
        # Names bound in target modules (from threading import Lock, ...) and queue.
        for mod in self.modules + [queue]:
            self._rebind(mod, replacements)
        # The same for threading's names (not time's: a real sleep bound in a
        # helper stays an error) in the project's other modules, so a helper
        # that did `from threading import Lock` creates modelled locks in a run.
        threading_names = {orig: repl for orig, repl in replacements.items()
                           if getattr(repl, "__module__", "").startswith(("racecheck._model",
                                                                          "racecheck._threads"))}
        helpers = [m for m in _helper_modules() if m not in self.modules]
        for mod in helpers + [functools]:
            self._rebind(mod, threading_names)
        # Real primitives already stored in modules: module globals, class
        # attributes, two levels down (cached_property's lock, a module-level
        # singleton's lock, its scheduler's lock), the items of a list or dict
        # kept there (striped locks, a lock per key); and references to
        # threading's classes captured where rebinding names cannot reach (a
        # dataclass field's default_factory in the generated __init__'s
        # closure, a default argument, a defaultdict's default_factory).
        self._factories = threading_names
        self._seen = set()
        for mod in self.modules + helpers + _STDLIB_WITH_LOCKS():
            # Named after the module's last component: prerun_helpers.POOL._work_queue.
            self._find_instances(mod, vars(mod), mod.__name__.rsplit(".", 1)[-1])
        # A module first imported during the run binds the stand-ins (`from
        # threading import Lock`, `default_timer = time.perf_counter`): restore()
        # puts the originals back in it. By identity: a module attribute may be
        # a proxy whose __hash__ or __eq__ runs code.
        self._originals = {id(repl): original for original, repl in replacements.items()}
        self._stand_ins = list(replacements.values())
        executor = _executor_class()
        if executor is not None:
            for name in ("submit", "shutdown"):
                self._set(executor, name, _executor_guard(name, executor.__dict__[name]))
        # A run ends by stopping the threads still blocked (an idle executor
        # worker waiting for work); the executor's worker loop logs any
        # exception, including that stop, as "Exception in worker".
        self._log_filter = _QuietAbort()
        logging.getLogger("concurrent.futures").addFilter(self._log_filter)

    def _rebind(self, mod, replacements):
        for name, value in list(vars(mod).items()):
            try:
                repl = replacements.get(value)
            except Exception:  # unhashable, or a proxy whose __hash__ fails
                continue
            if repl is not None:
                self._set(mod, name, repl)

    def _find_instances(self, owner, namespace, label, depth=2):
        home = getattr(owner, "__name__", None)
        executor = _executor_class()
        for name, value in list(namespace.items()):
            make = _REAL_PRIM_TYPES.get(type(value))
            if make is not None:
                self._instance_slots.append((owner, name, value, f"{label}.{name}"))
            elif executor is not None and issubclass(type(value), executor):
                if not any(e is value for e, _label, _saved in self._executors):
                    self._executors.append((value, f"{label}.{name}", dict(vars(value))))
            elif isinstance(value, type):
                if value.__module__ == home or getattr(owner, "__module__", None) == value.__module__:
                    self._find_instances(value, dict(value.__dict__), f"{label}.{name}", depth)
            elif isinstance(value, (types.FunctionType, staticmethod, classmethod)):
                fn = getattr(value, "__func__", value)
                if _may_capture(fn):
                    self._swap_captured_factories(fn)
            elif type(value) is list or isinstance(value, dict):
                self._find_in_container(value, f"{label}.{name}")
            elif depth and _holds_primitives(value) and self._first_visit(value):
                self._find_instances(value, dict(vars(value)), f"{label}.{name}", depth - 1)

    def _first_visit(self, obj) -> bool:
        if id(obj) in self._seen:
            return False
        self._seen.add(id(obj))
        return True

    def _find_in_container(self, items, label):
        """Real primitives kept as the items of a list or dict (not deeper),
        and a defaultdict that makes one per missing key."""
        if not self._first_visit(items):
            return
        factory = getattr(items, "default_factory", None)
        if factory is not None:
            repl = self._stand_in_for(factory)
            if repl is not None:
                self._set(items, "default_factory", repl)
        if len(items) > _MAX_SCANNED_ITEMS:  # a table of data, not of locks: not read per call
            return
        try:
            pairs = list(enumerate(items)) if type(items) is list else list(dict.items(items))
        except Exception:  # changed size while we read it (another thread)
            return
        for key, value in pairs:
            if type(value) in _REAL_PRIM_TYPES:
                self._instance_slots.append((items, key, value, f"{label}[{key!r}]"))

    def _stand_in_for(self, obj):
        try:
            return self._factories.get(obj)
        except TypeError:  # unhashable
            return None

    def _swap_captured_factories(self, fn):
        """A function of the project that captured one of threading's classes
        in a closure cell or a default argument makes modelled objects too."""
        # (A function seen twice finds its stand-ins in place: they are not
        # keys of self._factories, so nothing is swapped or saved twice.)
        for cell in fn.__closure__ or ():
            try:
                content = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            repl = self._stand_in_for(content)
            if repl is not None:
                self._cells.append((cell, content))
                cell.cell_contents = repl
        defaults = fn.__defaults__
        if defaults and any(self._stand_in_for(d) is not None for d in defaults):
            self._set(fn, "__defaults__", tuple(self._stand_in_for(d) or d for d in defaults))

    def refresh_instances(self):
        """Before every run: fresh modelled copies of module/class-level
        primitives, and a fresh modelled state for pre-run executors. They are
        named after where they live, not numbered (Lock#1 stays the first lock
        the run itself creates)."""
        run = _runtime._ACTIVE
        counts = dict(run._prim_counts) if run is not None else None
        memo: dict = {}
        for owner, name, original, label in self._instance_slots:
            prim = _model_of(original, memo)
            prim._rc_name = label
            _store(owner, name, prim)
        for ex, label, saved in self._executors:
            state = dict(saved)
            for part, make in _EXECUTOR_PARTS.items():
                state[part] = obj = make()
                if isinstance(obj, _model._Prim):
                    obj._rc_name = f"{label}.{part}"
            vars(ex).clear()
            vars(ex).update(state)
        if run is not None:
            run._prim_counts = counts

    def restore(self):
        if self._log_filter is not None:
            logging.getLogger("concurrent.futures").removeFilter(self._log_filter)
            self._log_filter = None
        for owner, name, original, _label in self._instance_slots:
            _store(owner, name, original)
        self._instance_slots.clear()
        for cell, original in reversed(self._cells):
            cell.cell_contents = original
        self._cells.clear()
        for ex, _label, saved in self._executors:
            vars(ex).clear()
            vars(ex).update(saved)
        for owner, name, value in reversed(self._saved):
            setattr(owner, name, value)
        self._saved.clear()
        self._unbind_in_new_modules()

    def _unbind_in_new_modules(self):
        """The originals back in every module first imported (or first run) during the run."""
        originals = self._originals
        if not originals:
            return
        for name in set(sys.modules) - self._modules_before:
            mod = sys.modules.get(name)
            try:
                # Not vars(mod): a lazily loaded module would run on that attribute access.
                namespace = object.__getattribute__(mod, "__dict__")
            except (AttributeError, TypeError):
                continue
            for key, value in list(namespace.items()):
                original = originals.get(id(value))
                if original is not None:
                    namespace[key] = original
        self._originals = {}
        self._stand_ins = []
