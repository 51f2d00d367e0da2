"""Linearizability: record what concurrent operations returned, then ask
whether some sequential order explains it.

A history is a list of `Operation`s: which thread called which method with
which arguments, what it returned, and when the call began (``invoke``) and
ended (``response``). The history is *linearizable* with respect to a
sequential `Model` if the operations can be put in one order that

* respects real time: if A responded before B was invoked, A comes first;
* replays in the model: starting from ``model.init()``, every operation's
  recorded result is the one the model allows.

`check_linearizable` decides this with Wing & Gong's search (try each
operation that may go next, backtrack on a dead end), memoised as in Lowe's
checker and Porcupine: a (set of linearized operations, model state) pair that
was already explored is not explored again. A model may split the history by
key (``Model.partition``); independent parts are checked separately, which
turns one exponential search into several small ones.

`Recorder` produces histories from real threads or from racecheck's controlled
scheduler alike: its clock is a counter taken under a real lock captured before racecheck patches anything,
so time stamps are totally ordered and consistent with real time, and the
recorder adds no switch point or modelled lock of its own.

`lincheck` puts both together: it runs per-thread operation lists against a
fresh object under the controlled scheduler (`racecheck.verify`) and/or on
real threads (`racecheck.stress`), and checks every recorded history.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import _real
from ._api import Scenario, verify

__all__ = [
    "Operation",
    "Raised",
    "Recorder",
    "Model",
    "LinearizabilityResult",
    "NotLinearizable",
    "check_linearizable",
    "assert_linearizable",
    "linearizability_scenario",
    "lincheck",
    "queue_model",
    "stack_model",
    "register_model",
    "kv_model",
    "counter_model",
    "EMPTY",
    "UNKNOWN",
]

PENDING = float("inf")


@dataclass(frozen=True)
class Raised:
    """The recorded result of an operation that raised instead of returning.

    Models compare it by exception type name, e.g. ``Raised("Empty")``.
    """

    name: str

    def __repr__(self) -> str:
        return f"raised {self.name}"


class _Empty:
    """The result a model expects from taking from an empty container."""

    def __repr__(self) -> str:
        return "EMPTY"

    def __reduce__(self) -> str:
        return "EMPTY"


EMPTY = _Empty()


class _Unknown:
    """The result passed to ``Model.step`` for a pending operation (one that
    never returned): a model must accept any outcome for it."""

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


def _matches(result: Any, expected: Any) -> bool:
    return result is UNKNOWN or result == expected


@dataclass(frozen=True)
class Operation:
    """One completed (or pending) call in a history.

    ``invoke`` and ``response`` are comparable time stamps; ``response`` is
    ``inf`` for a call that never returned (it may or may not have taken
    effect). ``id`` is the position in the recorded history.
    """

    thread: Hashable
    op: str
    args: tuple = ()
    result: Any = None
    invoke: float = 0
    response: float = PENDING
    id: int = 0

    @property
    def pending(self) -> bool:
        return self.response == PENDING

    def __str__(self) -> str:
        args = ", ".join(map(repr, self.args))
        end = "pending" if self.pending else f"{self.response:g}"
        result = "(no response)" if self.pending else repr(self.result)
        return f"[{self.invoke:g}..{end}] {self.thread}: {self.op}({args}) -> {result}"


@dataclass(frozen=True)
class Model:
    """A sequential specification.

    ``init()`` returns the initial state; states must be hashable (tuples,
    frozensets, ints) because the checker memoises on them.
    ``step(state, op, args, result)`` returns ``(ok, new_state)``: ``ok`` is
    False when the sequential object could not have returned ``result``.
    For an operation that never returned, ``result`` is ``UNKNOWN``: the
    model must accept any outcome (``_matches`` does that).
    ``partition(ops)``, if given, splits a history into independent
    sub-histories (for example one per key) that are checked one by one.
    ``order_hint(ops)``, if given, returns a sort key for operations: the
    search tries candidates in that order. It changes speed, never the
    verdict (the search is still complete).
    ``witness(ops)``, if given, is a cheap sound test: a message means the
    history is certainly not linearizable (and says why); None means "no
    proof found", and the full search decides.
    """

    init: Callable[[], Hashable]
    step: Callable[[Hashable, str, tuple, Any], tuple[bool, Hashable]]
    partition: Callable[[list[Operation]], Iterable[list[Operation]]] | None = None
    describe_state: Callable[[Hashable], str] = repr
    name: str = "model"
    order_hint: Callable[[list[Operation]], Callable[[Operation], Any]] | None = None
    witness: Callable[[list[Operation]], str | None] | None = None


# ---------------------------------------------------------------------------
# Recording


class Recorder:
    """Records a history of calls made from any number of threads.

    Use ``recorder.call(obj.put, 1)`` (or ``recorder.call(fn, *args,
    op="put")``) from each thread, or wrap the object once with
    ``recorder.proxy(obj)`` and call its methods. A call that raises is
    recorded with result ``Raised(<exception type name>)`` and the exception
    propagates. The recorder itself is internally synchronized.
    """

    def __init__(self) -> None:
        self._lock = _real.allocate_lock()  # real lock: never modelled, never a switch point
        self._clock = 0
        self._ops: list[Operation] = []
        self._open: dict[int, tuple] = {}
        self._next_id = 0

    def _tick(self) -> int:
        with self._lock:
            self._clock += 1
            return self._clock

    def call(self, fn: Callable, *args, op: str | None = None, thread: Hashable | None = None):
        name = op or getattr(fn, "__name__", repr(fn))
        who = thread if thread is not None else threading.current_thread().name
        with self._lock:
            self._clock += 1
            start = self._clock
            key = self._next_id
            self._next_id += 1
            self._open[key] = (who, name, args, start)
        try:
            result = fn(*args)
        except BaseException as exc:
            self._finish(key, Raised(type(exc).__name__))
            raise
        self._finish(key, result)
        return result

    def _finish(self, key: int, result: Any) -> None:
        with self._lock:
            self._clock += 1
            who, name, args, start = self._open.pop(key)
            self._ops.append(Operation(who, name, args, result, start, self._clock, key))

    def proxy(self, obj: Any, thread: Hashable | None = None) -> Any:
        """An object whose method calls go through `call`."""
        recorder = self

        class _Proxy:
            def __getattr__(self, name: str):
                method = getattr(obj, name)
                if not callable(method):
                    return method
                return lambda *args: recorder.call(method, *args, op=name, thread=thread)

        return _Proxy()

    def history(self) -> list[Operation]:
        """Completed calls, plus calls still running as pending operations."""
        with self._lock:
            ops = list(self._ops)
            ops.extend(
                Operation(who, name, args, None, start, PENDING, key)
                for key, (who, name, args, start) in self._open.items()
            )
        return sorted(ops, key=lambda o: o.id)


# ---------------------------------------------------------------------------
# Checking


@dataclass
class LinearizabilityResult:
    """Outcome of `check_linearizable`; truthy when linearizable.

    On failure ``explanation`` says why in plain text: the longest order that
    the model accepted, the operations that could not be placed after it
    (each with what the model expected), and the shortest prefix of the
    history (cut at a response) that is already not linearizable.
    """

    ok: bool
    order: list[Operation] = field(default_factory=list)
    explanation: str = ""
    states_explored: int = 0
    partitions: int = 1
    gave_up: bool = False  # max_states reached: no verdict (ok is False)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return "linearizable" if self.ok else self.explanation


class NotLinearizable(AssertionError):
    """Raised by `assert_linearizable`; the message is the explanation."""

    def __init__(self, result: LinearizabilityResult):
        super().__init__(result.explanation)
        self.result = result


class _Entry:
    __slots__ = ("op", "is_call", "match", "prev", "next", "bit", "key")

    def __init__(self, op: Operation | None, is_call: bool, bit: int = 0):
        self.op = op
        self.is_call = is_call
        self.match: _Entry | None = None
        self.prev: _Entry | None = None
        self.next: _Entry | None = None
        self.bit = bit
        self.key: Any = None


def _build_list(ops: Sequence[Operation]) -> _Entry:
    """Doubly linked list of call/return events in time order (head sentinel).

    At equal time stamps calls sort before returns, so touching operations
    count as overlapping (the permissive reading)."""
    events = []
    for i, op in enumerate(ops):
        call = _Entry(op, True, 1 << i)
        ret = _Entry(op, False, 1 << i)
        call.match = ret
        events.append((op.invoke, 0, i, call))
        events.append((op.response, 1, i, ret))
    events.sort(key=lambda e: e[:3])
    head = _Entry(None, False)
    prev = head
    for *_, entry in events:
        prev.next = entry
        entry.prev = prev
        prev = entry
    return head


def _lift(call: _Entry) -> None:
    call.prev.next = call.next
    call.next.prev = call.prev
    ret = call.match
    ret.prev.next = ret.next
    if ret.next is not None:
        ret.next.prev = ret.prev


def _unlift(call: _Entry) -> None:
    ret = call.match
    ret.prev.next = ret
    if ret.next is not None:
        ret.next.prev = ret
    call.prev.next = call
    call.next.prev = call


@dataclass
class _Search:
    ok: bool
    order: list[Operation]
    stuck: list[tuple[Operation, str]]  # candidates at the deepest dead end, with why
    blocking: Operation | None  # the operation whose response forced the dead end
    deepest_state: Hashable
    explored: int


def _by_key(entry: _Entry) -> Any:
    return entry.key


def _candidates(head: _Entry) -> tuple[list[_Entry], _Entry | None]:
    """Calls that may be linearized next (those before the first return
    event), in the model's preferred order, and that first return event."""
    found = []
    entry = head.next
    while entry is not None and entry.is_call:
        found.append(entry)
        entry = entry.next
    found.sort(key=_by_key)
    return found, entry


class _GaveUp(Exception):
    pass


def _search(ops: Sequence[Operation], model: Model, explain: bool = True,
            max_states: int | None = None) -> _Search:
    """Wing & Gong's search with Lowe's memoisation on (linearized bitset,
    model state). Candidates are tried in the order of ``model.order_hint``
    (default: invocation time, as in Wing & Gong)."""
    head = _build_list(ops)
    hint = model.order_hint(ops) if model.order_hint else (lambda o: (o.invoke, o.id))
    entry = head.next
    while entry is not None:
        entry.key = hint(entry.op)
        entry = entry.next
    state = model.init()
    linearized = 0
    todo = sum(1 for op in ops if not op.pending)  # pending ops are optional
    done = 0
    cache: set[tuple[int, Hashable]] = set()
    step = model.step
    # One frame per linearized operation: (entry lifted to get here, state
    # before it, candidates at this depth, index of the next one to try).
    cands, blocker = _candidates(head)
    frames: list[list] = [[None, state, cands, 0, blocker]]
    best_depth, best_order, best_state, best_frame = -1, [], state, frames[0]
    while True:
        if done == todo:
            return _Search(True, [f[0].op for f in frames[1:]], [], None, state, len(cache))
        frame = frames[-1]
        cands = frame[2]
        advanced = False
        while frame[3] < len(cands):
            entry = cands[frame[3]]
            frame[3] += 1
            op = entry.op
            ok, new_state = step(state, op.op, op.args, UNKNOWN if op.pending else op.result)
            if not ok:
                continue
            key = (linearized | entry.bit, new_state)
            if key in cache:
                continue
            cache.add(key)
            if max_states is not None and len(cache) > max_states:
                raise _GaveUp(len(cache))
            _lift(entry)
            linearized |= entry.bit
            if not op.pending:
                done += 1
            next_cands, next_blocker = _candidates(head)
            frames.append([entry, state, next_cands, 0, next_blocker])
            state = new_state
            advanced = True
            break
        if advanced:
            continue
        # Dead end: no candidate fits before the first pending return.
        if explain and len(frames) > best_depth:
            best_depth, best_state, best_frame = len(frames), state, frame
            best_order = [f[0].op for f in frames[1:]]
        if len(frames) == 1:
            break
        frames.pop()
        entry, state = frame[0], frame[1]
        linearized &= ~entry.bit
        if not entry.op.pending:
            done -= 1
        _unlift(entry)
    stuck: list[tuple[Operation, str]] = []
    blocking = best_frame[4].op if best_frame[4] is not None else None
    if explain:
        for e in best_frame[2]:
            o = e.op
            ok, _ = step(best_state, o.op, o.args, UNKNOWN if o.pending else o.result)
            why = "fits the model here, but every order that starts with it fails later" if ok else (
                f"the model in state {model.describe_state(best_state)} cannot return {o.result!r}"
            )
            stuck.append((o, why))
    return _Search(False, best_order, stuck, blocking, best_state, len(cache))


def _shortest_failing_prefix(ops: Sequence[Operation], model: Model) -> list[Operation]:
    """The history cut at the earliest response time that is already not
    linearizable (binary search: a non-linearizable prefix stays so when
    extended). Calls still running at the cut become pending."""
    cuts = sorted({o.response for o in ops if not o.pending})

    def prefix(t: float) -> list[Operation]:
        out = []
        for o in ops:
            if o.invoke > t:
                continue
            if o.response > t:
                o = Operation(o.thread, o.op, o.args, None, o.invoke, PENDING, o.id)
            out.append(o)
        return out

    lo, hi = 0, len(cuts) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if _search(prefix(cuts[mid]), model, explain=False).ok:
            lo = mid + 1
        else:
            hi = mid
    return prefix(cuts[lo]) if cuts else list(ops)


MAX_PREFIX_SEARCH = 100  # histories longer than this skip the shortest-prefix search


def _explain(ops: Sequence[Operation], model: Model, search: _Search, part: int, parts: int) -> str:
    lines = [f"history is not linearizable with respect to {model.name}"]
    if parts > 1:
        lines[0] += f" (partition {part + 1} of {parts})"
    if len(ops) <= MAX_PREFIX_SEARCH:
        prefix = _shortest_failing_prefix(ops, model)
        shown = "" if len(prefix) <= 20 else ", the last 20 shown"
        lines.append(f"shortest non-linearizable prefix ({len(prefix)} of {len(ops)} operations{shown}):")
        lines.extend(f"  {o}" for o in sorted(prefix, key=lambda o: (o.invoke, o.id))[-20:])
        search = _search(prefix, model)
    lines.append("longest order the model accepts" + (" (last 15 steps):" if len(search.order) > 15 else ":"))
    state = model.init()
    steps = []
    for o in search.order:
        _, state = model.step(state, o.op, o.args, UNKNOWN if o.pending else o.result)
        steps.append(f"  {o.thread}: {o.op}{o.args!r} -> {o.result!r}   state {model.describe_state(state)}")
    lines.extend(steps[-15:] or ["  (none: no operation can go first)"])
    if search.blocking is not None:
        lines.append(f"then {search.blocking} must take effect before it returns, but no candidate fits:")
        lines.extend(f"  {o}: {why}" for o, why in search.stuck)
    return "\n".join(lines)


def check_linearizable(
    history: Iterable[Operation], model: Model, *, max_states: int | None = None
) -> LinearizabilityResult:
    """Decide whether ``history`` is linearizable with respect to ``model``.

    Returns a `LinearizabilityResult` (truthy if linearizable). Pending
    operations (response ``inf``) may be placed anywhere after their
    invocation or left out. Cost: exponential in the number of mutually
    overlapping operations in the worst case; memoisation and partitioning
    keep typical histories of a few thousand operations well under a second.
    ``max_states`` bounds the search: past it the result has ``gave_up``
    set and ``ok`` False (no verdict either way).
    """
    ops = list(history)
    parts = [list(p) for p in model.partition(ops)] if model.partition else [ops]
    order: list[Operation] = []
    explored = 0
    for i, part in enumerate(parts):
        if model.witness is not None:
            why = model.witness(part)
            if why:
                return LinearizabilityResult(
                    False, [], f"history is not linearizable with respect to {model.name}: {why}",
                    explored, len(parts),
                )
        try:
            search = _search(part, model, explain=False, max_states=max_states)
        except _GaveUp as stop:
            return LinearizabilityResult(
                False, [], f"gave up after {stop.args[0]} states (max_states={max_states})",
                explored + stop.args[0], len(parts), gave_up=True,
            )
        explored += search.explored
        if not search.ok:
            full = _search(part, model)
            return LinearizabilityResult(
                False, full.order, _explain(part, model, full, i, len(parts)), explored, len(parts)
            )
        order.extend(search.order)
    return LinearizabilityResult(True, order, "", explored, len(parts))


def assert_linearizable(history: Iterable[Operation], model: Model) -> LinearizabilityResult:
    """Like `check_linearizable`, but raise `NotLinearizable` (an
    AssertionError carrying the explanation) on failure."""
    result = check_linearizable(history, model)
    if not result:
        raise NotLinearizable(result)
    return result


# ---------------------------------------------------------------------------
# Models


def _default_empty(result: Any) -> bool:
    return result is EMPTY or isinstance(result, Raised)


def _fifo_stepper(is_empty: Callable[[Any], bool]):
    def step(state: tuple, op: str, args: tuple, result: Any) -> tuple[bool, tuple]:
        if op in _PUTS:
            return _matches(result, None), state + (args[0],)
        if op in _GETS:
            if not state:
                return result is UNKNOWN or is_empty(result), state
            return _matches(result, state[0]), state[1:]
        if op in ("qsize", "__len__", "size"):
            return _matches(result, len(state)), state
        if op == "empty":
            return _matches(result, not state), state
        raise ValueError(f"queue model has no operation {op!r}")

    return step


_NO_VALUE = object()


def queue_model(empty: Any = _NO_VALUE) -> Model:
    """FIFO queue: ``put(x)`` returns None; ``get()`` returns the oldest item.

    On an empty queue ``get()`` must return ``EMPTY`` or raise (a ``Raised``
    result), or, if ``empty`` is given, return exactly that value (e.g.
    ``queue_model(empty=None)`` for a ``dequeue()`` that returns None when
    empty; then raising is a failure). ``qsize()`` and ``empty()`` too.
    """
    if empty is _NO_VALUE:
        is_empty = _default_empty
    else:
        def is_empty(result: Any) -> bool:
            return result is EMPTY or (not isinstance(result, Raised) and result == empty)

    return Model(
        init=tuple, step=_fifo_stepper(is_empty), name="a FIFO queue", order_hint=_fifo_hint,
        witness=lambda ops: _fifo_witness(ops, is_empty),
    )


_PUTS = ("put", "put_nowait", "append", "push", "enqueue")
_GETS = ("get", "get_nowait", "popleft", "pop", "dequeue", "take")


def _fifo_witness(ops: list[Operation], is_empty: Callable[[Any], bool] = _default_empty) -> str | None:
    """Bad patterns that prove a FIFO-queue history non-linearizable in
    linear time (Henzinger, Sezgin and Vafeiadis, "Aspect-oriented
    linearizability proofs", CONCUR 2013), for histories whose put values are
    distinct and that have no pending operation (otherwise: None)."""
    if any(o.pending for o in ops):
        return None
    put: dict[Any, Operation] = {}
    got: dict[Any, Operation] = {}
    empties = []
    try:
        for o in ops:
            if o.op in _PUTS:
                if o.args[0] in put:
                    return None  # repeated values: the patterns do not apply
                put[o.args[0]] = o
        for o in ops:
            if o.op not in _GETS:
                continue
            if is_empty(o.result):
                if any(is_empty(v) for v in put):
                    return None  # an item equal to the empty result: ambiguous
                empties.append(o)
                continue
            v = o.result
            if isinstance(v, Raised):
                return f"a get raised {v.name}, which the model never allows:\n  {o}"
            if v in got:
                return f"item {v!r} was taken twice:\n  {got[v]}\n  {o}"
            if v not in put:
                return f"item {v!r} was taken but never put:\n  {o}"
            if o.response < put[v].invoke:
                return f"item {v!r} was taken before it was put:\n  {o}\n  {put[v]}"
            got[v] = o
    except TypeError:
        return None  # unhashable items
    puts = sorted(put.values(), key=lambda o: o.response)
    for e in empties:
        for p in puts:
            if p.response >= e.invoke:
                break
            g = got.get(p.args[0])
            if g is None or e.response < g.invoke:
                fate = "never taken" if g is None else f"taken later:\n  {g}"
                return (
                    f"a get found the queue empty although item {p.args[0]!r} was in it "
                    f"(put before, {fate}):\n  {p}\n  {e}"
                )
    # Order: a put that finished before another began must come out first.
    by_invoke = sorted(put.values(), key=lambda o: o.invoke)
    for b in by_invoke:
        gb = got.get(b.args[0])
        if gb is None:
            continue
        for a in puts:
            if a.response >= b.invoke:
                break
            ga = got.get(a.args[0])
            if ga is None or gb.response < ga.invoke:
                fate = "never taken" if ga is None else f"taken after it:\n  {ga}"
                return (
                    f"item {b.args[0]!r} came out before item {a.args[0]!r}, which was put "
                    f"earlier ({fate}):\n  {a}\n  {b}\n  {gb}"
                )
    return None


def _fifo_hint(ops: list[Operation]) -> Callable[[Operation], Any]:
    """Try puts in the order their items were taken out: the FIFO order a
    linearizable history must have, so the first guess is usually right.
    Without this a wrong order of two overlapping puts is discovered only
    when the items come out, possibly hundreds of operations later."""
    taken: dict[Any, float] = {}
    for o in ops:
        if o.op in ("get", "get_nowait", "popleft", "pop", "dequeue", "take") and not o.pending:
            try:
                taken.setdefault(o.result, o.invoke)
            except TypeError:  # unhashable item: no hint for it
                pass

    def key(o: Operation):
        if o.op in ("put", "put_nowait", "append", "push", "enqueue") and o.args:
            try:
                return (taken.get(o.args[0], PENDING), o.invoke, o.id)
            except TypeError:
                pass
        return (o.invoke, o.invoke, o.id)

    return key


def _lifo_step(state: tuple, op: str, args: tuple, result: Any) -> tuple[bool, tuple]:
    if op in ("push", "put", "append"):
        return _matches(result, None), state + (args[0],)
    if op in ("pop", "get"):
        if not state:
            return result is UNKNOWN or result is EMPTY or isinstance(result, Raised), state
        return _matches(result, state[-1]), state[:-1]
    if op in ("__len__", "size"):
        return _matches(result, len(state)), state
    raise ValueError(f"stack model has no operation {op!r}")


def stack_model() -> Model:
    """LIFO stack: ``push(x)`` returns None; ``pop()`` returns the newest item
    or ``EMPTY``/a ``Raised`` result when empty."""
    return Model(init=tuple, step=_lifo_step, name="a LIFO stack")


def register_model(initial: Any = None) -> Model:
    """A single value: ``write(x)`` returns None, ``read()`` returns it,
    ``cas(old, new)`` swaps when equal and returns whether it did."""

    def step(state, op, args, result):
        if op in ("write", "set"):
            return _matches(result, None), args[0]
        if op in ("read", "get"):
            return _matches(result, state), state
        if op in ("cas", "compare_and_set"):
            swapped = state == args[0]
            return _matches(result, swapped), (args[1] if swapped else state)
        raise ValueError(f"register model has no operation {op!r}")

    return Model(init=lambda: initial, step=step, name="a register")


def counter_model() -> Model:
    """An integer: ``incr(n=1)``/``add(n)`` returns None or the new value,
    ``value()``/``get()`` returns it."""

    def step(state, op, args, result):
        if op in ("incr", "increment", "add"):
            new = state + (args[0] if args else 1)
            return result is None or _matches(result, new), new
        if op in ("value", "get", "read"):
            return _matches(result, state), state
        raise ValueError(f"counter model has no operation {op!r}")

    return Model(init=lambda: 0, step=step, name="a counter")


def kv_model() -> Model:
    """A dict whose keys are independent: ``put(k, v)``, ``get(k)`` (None if
    absent), ``incr(k, n)`` (returns None or the new value),
    ``put_if_absent(k, v)`` (returns the value now stored). Each operation's
    first argument is the key; the history is partitioned by key."""

    def step(state, op, args, result):
        if op in ("put", "set", "__setitem__"):
            return _matches(result, None), args[1]
        if op in ("get",):
            return _matches(result, state), state
        if op in ("incr", "add"):
            new = (state or 0) + args[1]
            return result is None or _matches(result, new), new
        if op in ("put_if_absent", "setdefault"):
            new = args[1] if state is None else state
            return _matches(result, new), new
        raise ValueError(f"kv model has no operation {op!r}")

    def partition(ops):
        by_key: dict[Hashable, list[Operation]] = {}
        for o in ops:
            by_key.setdefault(o.args[0], []).append(o)
        return list(by_key.values())

    return Model(init=lambda: None, step=step, partition=partition, name="a key-value map")


# ---------------------------------------------------------------------------
# Running operations and checking them


OpSpec = tuple  # ("put", 1) -> obj.put(1)


def _run_ops(recorder: Recorder, obj: Any, ops: Sequence[OpSpec], thread: Hashable) -> None:
    for name, *args in ops:
        try:
            recorder.call(getattr(obj, name), *args, op=name, thread=thread)
        except Exception:
            pass  # recorded as Raised(...); the model decides whether it was allowed


def linearizability_scenario(
    name: str,
    make_object: Callable[[], Any],
    ops_per_thread: Sequence[Sequence[OpSpec]],
    model: Model,
    targets: Sequence[Any] = (),
):
    """A `racecheck.Scenario` whose threads run ``ops_per_thread`` on one
    fresh object and whose check is `assert_linearizable` on the history.
    Pass it to `racecheck.verify` or `racecheck.expect_failure`. ``targets``
    default to ``make_object`` itself (a class: the code of its methods)."""

    def setup():
        return (make_object(), Recorder())

    def worker(i):
        return lambda state: _run_ops(state[1], state[0], ops_per_thread[i], f"T{i}")

    def check(state):
        assert_linearizable(state[1].history(), model)
        return True

    return Scenario(
        name=name,
        setup=setup,
        threads=[worker(i) for i in range(len(ops_per_thread))],
        check=check,
        targets=list(targets) or [make_object],
    )


def lincheck(
    make_object: Callable[[], Any],
    ops_per_thread: Sequence[Sequence[OpSpec]],
    model: Model,
    *,
    targets: Sequence[Any] = (),
    name: str = "lincheck",
    mode: str = "both",
    rounds: int = 50,
    timeout: float = 10.0,
    **verify_options: Any,
) -> None:
    """Run ``ops_per_thread`` (one list of ``(method, *args)`` per thread)
    against fresh objects and check every history against ``model``.

    ``mode="schedule"``: under racecheck's controlled scheduler
    (`racecheck.verify` with ``verify_options``; ``targets`` are the modules
    that get switch points). ``mode="threads"``: ``rounds`` runs on real
    threads (`racecheck.stress`, Barrier start, tiny switch interval,
    watchdog ``timeout``). ``mode="both"`` does both. Raises an
    AssertionError (`racecheck.ScheduleFailure`, `NotLinearizable` or
    `StressFailure`) with the explanation on the first failing history.
    """
    if mode not in ("schedule", "threads", "both"):
        raise ValueError(f"mode must be 'schedule', 'threads' or 'both', not {mode!r}")
    if mode in ("schedule", "both"):
        verify(
            linearizability_scenario(name, make_object, ops_per_thread, model, targets),
            **verify_options,
        )
    if mode in ("threads", "both"):
        from .stress import stress

        stress(
            setup=lambda: (make_object(), Recorder()),
            threads=[
                (lambda i: lambda s: _run_ops(s[1], s[0], ops_per_thread[i], f"T{i}"))(i)
                for i in range(len(ops_per_thread))
            ],
            check=lambda s: assert_linearizable(s[1].history(), model) and True,
            rounds=rounds,
            timeout=timeout,
            name=name,
        )
