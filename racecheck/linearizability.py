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
scheduler alike: its clock is a counter taken under a raw ``_thread`` lock,
so time stamps are totally ordered and consistent with real time, and the
recorder adds no switch point or modelled lock of its own.

`lincheck` puts both together: it runs per-thread operation lists against a
fresh object under the controlled scheduler (`racecheck.verify`) and/or on
real threads (`racecheck.stress`), and checks every recorded history.
"""

from __future__ import annotations

import _thread
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    ``partition(ops)``, if given, splits a history into independent
    sub-histories (for example one per key) that are checked one by one.
    """

    init: Callable[[], Hashable]
    step: Callable[[Hashable, str, tuple, Any], tuple[bool, Hashable]]
    partition: Callable[[list[Operation]], Iterable[list[Operation]]] | None = None
    describe_state: Callable[[Hashable], str] = repr
    name: str = "model"


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
        self._lock = _thread.allocate_lock()  # raw lock: never modelled, never a switch point
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
    __slots__ = ("op", "is_call", "match", "prev", "next", "bit")

    def __init__(self, op: Operation | None, is_call: bool, bit: int = 0):
        self.op = op
        self.is_call = is_call
        self.match: _Entry | None = None
        self.prev: _Entry | None = None
        self.next: _Entry | None = None
        self.bit = bit


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


def _search(ops: Sequence[Operation], model: Model, explain: bool = True) -> _Search:
    """Wing & Gong / Lowe search with memoisation on (linearized bitset, state)."""
    head = _build_list(ops)
    state = model.init()
    linearized = 0
    todo = sum(1 for op in ops if not op.pending)  # pending ops are optional
    done = 0
    cache: set[tuple[int, Hashable]] = set()
    stack: list[tuple[_Entry, Hashable]] = []
    best_depth, best_order, best_state, best_at = -1, [], state, None
    entry = head.next
    step = model.step
    while True:
        if done == todo:
            return _Search(True, [e.op for e, _ in stack], [], None, state, len(cache))
        if entry is None:
            break  # only pending calls left, none fits: cannot happen with done < todo
        if entry.is_call:
            op = entry.op
            ok, new_state = step(state, op.op, op.args, op.result)
            if ok:
                key = (linearized | entry.bit, new_state)
                if key not in cache:
                    cache.add(key)
                    stack.append((entry, state))
                    state = new_state
                    linearized |= entry.bit
                    if not op.pending:
                        done += 1
                    _lift(entry)
                    entry = head.next
                    continue
            entry = entry.next
            continue
        # A return event: its operation must already be linearized; it is
        # not (it would have been lifted), so this branch is a dead end.
        if explain and len(stack) > best_depth:
            best_depth, best_order, best_state, best_at = len(stack), [e.op for e, _ in stack], state, entry
        if not stack:
            break
        call, state = stack.pop()
        linearized &= ~call.bit
        if not call.op.pending:
            done -= 1
        _unlift(call)
        entry = call.next
    stuck: list[tuple[Operation, str]] = []
    blocking = best_at.op if best_at is not None else None
    if explain and best_at is not None:
        # Rebuild the list at the deepest point to name the candidates then.
        done_ids = {o.id for o in best_order}
        candidates = [
            o for o in ops
            if o.id not in done_ids and o.invoke <= (blocking.response if blocking else PENDING)
        ]
        for o in candidates:
            ok, _ = step(best_state, o.op, o.args, o.result)
            why = "fits the model, but ordering it first leads to a dead end later" if ok else (
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


def _explain(ops: Sequence[Operation], model: Model, search: _Search, part: int, parts: int) -> str:
    lines = [f"history is not linearizable with respect to {model.name}"]
    if parts > 1:
        lines[0] += f" (partition {part + 1} of {parts})"
    prefix = _shortest_failing_prefix(ops, model)
    lines.append(f"shortest non-linearizable prefix ({len(prefix)} of {len(ops)} operations):")
    lines.extend(f"  {o}" for o in sorted(prefix, key=lambda o: (o.invoke, o.id)))
    small = _search(prefix, model)
    lines.append("longest order the model accepts within it:")
    state = model.init()
    for o in small.order:
        _, state = model.step(state, o.op, o.args, o.result)
        lines.append(f"  {o.thread}: {o.op}{o.args!r} -> {o.result!r}   state {model.describe_state(state)}")
    if not small.order:
        lines.append("  (none: no operation can go first)")
    if small.blocking is not None:
        lines.append(f"then {small.blocking} must be placed before its response, but no candidate fits:")
        lines.extend(f"  {o}: {why}" for o, why in small.stuck)
    return "\n".join(lines)


def check_linearizable(history: Iterable[Operation], model: Model) -> LinearizabilityResult:
    """Decide whether ``history`` is linearizable with respect to ``model``.

    Returns a `LinearizabilityResult` (truthy if linearizable). Pending
    operations (response ``inf``) may be placed anywhere after their
    invocation or left out. Cost: exponential in the number of mutually
    overlapping operations in the worst case; memoisation and partitioning
    keep typical histories of a few thousand operations well under a second.
    """
    ops = list(history)
    parts = [list(p) for p in model.partition(ops)] if model.partition else [ops]
    order: list[Operation] = []
    explored = 0
    for i, part in enumerate(parts):
        # Renumber bits per partition so the bitset stays as small as the part.
        search = _search(part, model, explain=False)
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


def _fifo_step(state: tuple, op: str, args: tuple, result: Any) -> tuple[bool, tuple]:
    if op in ("put", "put_nowait", "append", "push", "enqueue"):
        return result is None, state + (args[0],)
    if op in ("get", "get_nowait", "popleft", "pop", "dequeue", "take"):
        if not state:
            return result is EMPTY or isinstance(result, Raised), state
        return result == state[0], state[1:]
    if op in ("qsize", "__len__", "size"):
        return result == len(state), state
    if op == "empty":
        return result == (not state), state
    raise ValueError(f"queue model has no operation {op!r}")


def queue_model() -> Model:
    """FIFO queue: ``put(x)`` returns None; ``get()`` returns the oldest item,
    or ``EMPTY``/a ``Raised`` result when the queue is empty; ``qsize()``."""
    return Model(init=tuple, step=_fifo_step, name="a FIFO queue")


def _lifo_step(state: tuple, op: str, args: tuple, result: Any) -> tuple[bool, tuple]:
    if op in ("push", "put", "append"):
        return result is None, state + (args[0],)
    if op in ("pop", "get"):
        if not state:
            return result is EMPTY or isinstance(result, Raised), state
        return result == state[-1], state[:-1]
    if op in ("__len__", "size"):
        return result == len(state), state
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
            return result is None, args[0]
        if op in ("read", "get"):
            return result == state, state
        if op in ("cas", "compare_and_set"):
            swapped = state == args[0]
            return result == swapped, (args[1] if swapped else state)
        raise ValueError(f"register model has no operation {op!r}")

    return Model(init=lambda: initial, step=step, name="a register")


def counter_model() -> Model:
    """An integer: ``incr(n=1)``/``add(n)`` returns None or the new value,
    ``value()``/``get()`` returns it."""

    def step(state, op, args, result):
        if op in ("incr", "increment", "add"):
            new = state + (args[0] if args else 1)
            return result is None or result == new, new
        if op in ("value", "get", "read"):
            return result == state, state
        raise ValueError(f"counter model has no operation {op!r}")

    return Model(init=lambda: 0, step=step, name="a counter")


def kv_model() -> Model:
    """A dict whose keys are independent: ``put(k, v)``, ``get(k)`` (None if
    absent), ``incr(k, n)`` (returns None or the new value),
    ``put_if_absent(k, v)`` (returns the value now stored). Each operation's
    first argument is the key; the history is partitioned by key."""

    def step(state, op, args, result):
        if op in ("put", "set", "__setitem__"):
            return result is None, args[1]
        if op in ("get",):
            return result == state, state
        if op in ("incr", "add"):
            new = (state or 0) + args[1]
            return result is None or result == new, new
        if op in ("put_if_absent", "setdefault"):
            new = args[1] if state is None else state
            return result == new, new
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
    Pass it to `racecheck.verify` or `racecheck.expect_failure`."""
    import racecheck

    def setup():
        return (make_object(), Recorder())

    def worker(i):
        return lambda state: _run_ops(state[1], state[0], ops_per_thread[i], f"T{i}")

    def check(state):
        assert_linearizable(state[1].history(), model)
        return True

    return racecheck.Scenario(
        name=name,
        setup=setup,
        threads=[worker(i) for i in range(len(ops_per_thread))],
        check=check,
        targets=list(targets),
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
        import racecheck

        racecheck.verify(
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
