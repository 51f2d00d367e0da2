"""Which code gets switch points, and the tracers that deliver them.

Target code is decided by where a code object was defined, never by how it
was reached: a module target covers every code object compiled from the
module's file; a class or function target covers the code defined inside it
(its ``co_qualname`` scope in its file: methods, nested functions, lambdas,
comprehensions, generator bodies), plus whatever it wraps (``__wrapped__``,
functions held in closures). So a method behind a decorator that does not use
``functools.wraps``, a closure built at run time, or target code called from a
non-target helper, from C (``map``, ``sorted(key=...)``) or through
``functools.partial`` all get switch points.

Python 3.11 (``sys.settrace``): the per-thread trace function sees every new
frame (and every generator resumption) and turns on opcode events for target
frames. Python 3.12+ (``sys.monitoring``): PY_START and PY_RESUME events on all
code; the first time a target code object starts, its INSTRUCTION (or LINE)
events are switched on, and every other code location is DISABLEd after its
first event, so it costs nothing afterwards.

Gaps: target code that runs during a run in a thread the scheduler does not
control, or after the scenario replaced the harness's tracer, ran without
switch points. The tracer records it on the run (``Run.gaps``); a search that
saw a gap never calls itself complete and says why.
"""

from __future__ import annotations

import opcode
import sys
import types

from . import _real, _runtime

# Code flags of generators, coroutines and async generators: frames that can be
# suspended by one run and finalized (a GeneratorExit thrown in) in a later one.
_SUSPENDABLE = 0x20 | 0x80 | 0x100 | 0x200
_RESUME = opcode.opmap.get("RESUME")


class Targets:
    """The target predicate: is this code object target code?"""

    def __init__(self, targets):
        self.codes: set = set()  # code objects reached from the targets
        self.files: set = set()  # files of module targets: all their code
        self.scopes: dict[str, set[str]] = {}  # file -> qualname scopes
        self.modules: list = []
        self._cache: dict = {}
        seen: set = set()
        for t in targets:
            if isinstance(t, str):
                t = sys.modules[t] if t in sys.modules else __import__(t, fromlist=["_"])
            if isinstance(t, types.ModuleType):
                f = getattr(t, "__file__", None)
                if f:
                    self.files.add(f)
                self.modules.append(t)
                for v in vars(t).values():
                    if isinstance(v, type) and getattr(v, "__module__", None) != t.__name__:
                        continue
                    self._add_obj(v, seen, home_file=f)
            else:
                if isinstance(t, type):
                    self._add_class_scope(t)
                self._add_obj(t, seen)
                mod = sys.modules.get(getattr(t, "__module__", None) or "")
                if mod is not None and mod not in self.modules:
                    self.modules.append(mod)

    # --------------------------------------------------------------- building
    def _add_code(self, c) -> None:
        if c in self.codes:
            return
        self.codes.add(c)
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                self._add_code(k)

    def _add_scope(self, filename: str, qualname: str) -> None:
        self.scopes.setdefault(filename, set()).add(qualname)

    def _add_class_scope(self, cls) -> None:
        mod = sys.modules.get(getattr(cls, "__module__", None) or "")
        files = {getattr(mod, "__file__", None)}
        for v in vars(cls).values():
            fn = v if isinstance(v, types.FunctionType) else _function_of(v)
            if fn is not None:
                files.add(fn.__code__.co_filename)
        for f in files - {None}:
            self._add_scope(f, cls.__qualname__)

    def _add_obj(self, o, seen, home_file=None) -> None:
        if id(o) in seen:
            return
        seen.add(id(o))
        if isinstance(o, (staticmethod, classmethod)):
            self._add_obj(o.__func__, seen, home_file)
        elif isinstance(o, property):
            for f in (o.fget, o.fset, o.fdel):
                if f is not None:
                    self._add_obj(f, seen, home_file)
        elif isinstance(o, types.MethodType):
            self._add_obj(o.__func__, seen, home_file)
        elif isinstance(o, types.FunctionType):
            code = o.__code__
            if home_file is None or code.co_filename == home_file:
                self._add_code(code)
                if home_file is None:
                    self._add_scope(code.co_filename, code.co_qualname)
                # What it wraps, with or without functools.wraps.
                wrapped = getattr(o, "__wrapped__", None)
                if wrapped is not None:
                    self._add_obj(wrapped, seen, home_file)
                for cell in o.__closure__ or ():
                    try:
                        inner = cell.cell_contents
                    except ValueError:  # empty cell
                        continue
                    if isinstance(inner, (types.FunctionType, types.MethodType,
                                          staticmethod, classmethod)):
                        self._add_obj(inner, seen, home_file)
        elif isinstance(o, type):
            for v in vars(o).values():
                self._add_obj(v, seen, home_file)
        else:
            fn = _function_of(o)
            if fn is not None:
                self._add_obj(fn, seen, home_file)

    # -------------------------------------------------------------- querying
    def __contains__(self, code) -> bool:
        hit = self._cache.get(code)
        if hit is None:
            hit = self._cache[code] = self._decide(code)
        return hit

    def _decide(self, code) -> bool:
        if code in self.codes or code.co_filename in self.files:
            return True
        scopes = self.scopes.get(code.co_filename)
        if scopes:
            q = code.co_qualname
            for s in scopes:
                if q == s or q.startswith(s + "."):
                    return True
        return False

    def describe(self) -> str:
        parts = sorted(self.files) + sorted(
            f"{f}:{q}" for f, qs in self.scopes.items() for q in qs if f not in self.files)
        return ", ".join(p.rsplit("/", 1)[-1] for p in parts) or "(nothing)"


def _function_of(o):
    """The function behind a descriptor or callable object (cached_property, partial)."""
    for attr in ("func", "fget", "__func__"):
        fn = getattr(o, attr, None) if not isinstance(o, type) else None
        if isinstance(fn, types.FunctionType):
            return fn
    return None


def _gap(run, text: str) -> None:
    if text not in run.gaps:
        run.gaps.append(text)


def _thread_name() -> str:
    import threading  # the real module object; only its registry is read

    t = threading._active.get(_real.get_ident())
    return t.name if t is not None else f"thread {_real.get_ident()}"


class _TracerBase:
    def __init__(self, targets: Targets, granularity: str):
        self.targets = targets
        self.granularity = granularity

    def is_target(self, code) -> bool:
        return code in self.targets

    def close(self):
        _runtime._STALE.clear()  # (frames of this session's runs)

    def start_thread(self, run, w):
        pass

    def stop_thread(self, run=None, w=None):
        pass


class SettraceTracer(_TracerBase):
    """Python 3.11: per-thread sys.settrace with f_trace_opcodes on target frames."""

    def start_thread(self, run, w):
        targets = self.targets
        opcodes = self.granularity == "bytecode"
        switch = run.switch_point

        def local(frame, event, arg):
            if event == "opcode":
                switch(w, frame.f_code, frame.f_lasti, None)
            elif event == "line" and not opcodes:
                switch(w, frame.f_code, None, frame.f_lineno)
            return local

        cached = targets._cache.get

        frames = run.frames

        def glob(frame, event, arg):
            if run.aborting:
                return None
            code = frame.f_code
            hit = cached(code)
            if hit is None:
                hit = code in targets
            if hit:
                if code.co_flags & _SUSPENDABLE and id(frame) not in frames:
                    # A start or resume stops at RESUME; a throw (close() by
                    # garbage collection) is reported at the suspended yield.
                    if code.co_code[frame.f_lasti] != _RESUME:
                        # Thrown into, never started or resumed in this run:
                        # a stale generator's cleanup (_runtime._STALE). Its
                        # frame may still hold an earlier run's trace function.
                        _runtime.mark_stale(frame)
                        frame.f_trace = None
                        return None
                    frames.add(id(frame))
                if _runtime._STALE and _runtime.in_stale_cleanup():
                    return None  # called from a stale generator's cleanup
                if opcodes:
                    frame.f_trace_opcodes = True
                    frame.f_trace_lines = False
                return local
            return None

        w.trace_fn = glob
        _runtime._retrying(sys.settrace, glob)

    def stop_thread(self, run=None, w=None):
        if run is not None and w is not None and not run.aborting:
            if sys.gettrace() is not getattr(w, "trace_fn", None):
                _gap(run, f"{w.name} replaced the harness's trace function (sys.settrace), "
                          "so target code after that ran without switch points")
        _runtime._retrying(sys.settrace, None)


class MonitoringTracer(_TracerBase):
    """Python 3.12+: sys.monitoring; INSTRUCTION (or LINE) events on target code only."""

    def __init__(self, targets: Targets, granularity: str):
        super().__init__(targets, granularity)
        mon = sys.monitoring
        self.tool = None
        for tool in (4, 3, 2, 1, 0, 5):
            if mon.get_tool(tool) is None:
                self.tool = tool
                break
        if self.tool is None:
            raise RuntimeError("racecheck: no free sys.monitoring tool id")
        mon.use_tool_id(self.tool, "racecheck")
        self.enabled: set = set()
        if granularity == "bytecode":
            self.event = mon.events.INSTRUCTION
            mon.register_callback(self.tool, self.event, self._on_instruction)
        else:
            self.event = mon.events.LINE
            mon.register_callback(self.tool, self.event, self._on_line)
        for code in targets.codes:
            self._enable(code)
        starts = mon.events.PY_START | mon.events.PY_RESUME
        mon.register_callback(self.tool, mon.events.PY_START, self._on_start)
        mon.register_callback(self.tool, mon.events.PY_RESUME, self._on_start)
        # A throw into a generator (its close() by garbage collection): tells
        # a stale generator's cleanup from the run's own code (_on_throw).
        # A process-wide event (it cannot be set per code object), rare.
        mon.register_callback(self.tool, mon.events.PY_THROW, self._on_throw)
        # Locations DISABLEd by an earlier session (other targets) must fire again.
        mon.restart_events()
        mon.set_events(self.tool, starts | mon.events.PY_THROW)

    def _enable(self, code) -> None:
        if code not in self.enabled:
            self.enabled.add(code)
            sys.monitoring.set_local_events(self.tool, code, self.event)

    def _on_start(self, code, offset):
        if code not in self.targets:
            return sys.monitoring.DISABLE
        self._enable(code)
        run = _runtime._ACTIVE
        if run is not None and code.co_flags & _SUSPENDABLE:
            run.frames.add(id(sys._getframe(1)))  # started or resumed in this run
        if run is not None and not run.aborting:
            ident = _real.get_ident()
            if ident not in run.context_idents and not (
                    _runtime._STALE and _runtime.in_stale_cleanup()):
                _gap(run, f"target code {code.co_qualname} "
                          f"({code.co_filename.rsplit('/', 1)[-1]}) ran in "
                          f"{_thread_name()}, a thread the scheduler does not control")
        return None

    def _on_throw(self, code, offset, exc):
        run = _runtime._ACTIVE
        if run is None or code not in self.targets:
            return None
        frame = sys._getframe(1)
        if id(frame) not in run.frames:
            # Thrown into, never started or resumed in this run: a generator
            # an earlier run left suspended, finalized now (_runtime._STALE).
            _runtime.mark_stale(frame)
        return None

    @staticmethod
    def _on_instruction(code, offset):
        run = _runtime._ACTIVE
        if run is None:
            return None
        w = run.by_ident.get(_real.get_ident())
        if w is None:
            return None
        run.switch_point(w, code, offset, None)
        return None

    @staticmethod
    def _on_line(code, line):
        run = _runtime._ACTIVE
        if run is None:
            return None
        w = run.by_ident.get(_real.get_ident())
        if w is None:
            return None
        run.switch_point(w, code, None, line)
        return None

    def stop_thread(self, run=None, w=None):
        if run is not None and w is not None and not run.aborting:
            if sys.monitoring.get_tool(self.tool) != "racecheck":
                _gap(run, "the harness's sys.monitoring tool was freed during the run, "
                          "so target code after that ran without switch points")

    def close(self):
        super().close()
        mon = sys.monitoring
        if mon.get_tool(self.tool) != "racecheck":
            return
        mon.set_events(self.tool, 0)
        for code in self.enabled:
            try:
                mon.set_local_events(self.tool, code, 0)
            except ValueError:
                pass
        for event in (self.event, mon.events.PY_START, mon.events.PY_RESUME,
                      mon.events.PY_THROW):
            mon.register_callback(self.tool, event, None)
        mon.free_tool_id(self.tool)


def make_tracer(targets, granularity):
    """(tracer, modules): the tracer for this Python and the modules the targets live in."""
    t = Targets(targets)
    if sys.version_info >= (3, 12):
        tracer = MonitoringTracer(t, granularity)
    else:
        tracer = SettraceTracer(t, granularity)
    return tracer, t.modules
