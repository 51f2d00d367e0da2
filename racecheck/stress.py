"""Real-thread stress: the outer layer of verification.

On GIL CPython real threads almost never interleave inside a few bytecodes,
so this layer does not replace controlled scheduling (`racecheck.verify`).
It catches what only real threads show (blocking calls, timeouts, native
code, and real parallelism on free-threaded builds) and it enforces two
things every concurrent test needs:

* **nothing hangs**: each round has a deadline; a round that does not finish
  in time fails with `StressHang`, whose message holds every thread's stack
  (from ``sys._current_frames``), so a deadlock reads like a bug report
  instead of a frozen CI job. Hung threads are daemon threads; they are left
  behind (Python cannot kill a thread), so run a test that expects a hang in
  a subprocess if the process must stay clean;
* **nothing is lost or duplicated**: `Ledger` and `assert_conserved` check
  that every item produced was consumed exactly once.

Contract of `stress`: every round calls ``setup()`` for fresh state, starts
one daemon thread per callable in ``threads`` (each called with the state),
releases them together from a ``threading.Barrier``, waits at most
``timeout`` seconds for all of them, then calls ``check(state)``. The switch
interval is lowered to ``switch_interval`` for the whole call and restored
afterwards (it is process-wide). The first failure raises; an exception in a
worker is re-raised as `StressFailure` with that thread's traceback.
"""

from __future__ import annotations

import faulthandler
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from . import _real

__all__ = [
    "stress",
    "stress_scenario",
    "StressFailure",
    "StressHang",
    "Ledger",
    "assert_conserved",
    "dump_all_stacks",
]


class StressFailure(AssertionError):
    """A stress round failed: a worker raised, or ``check`` returned False
    or raised. ``round`` is the 0-based round number."""

    def __init__(self, message: str, round: int = -1):
        super().__init__(message)
        self.round = round


class StressHang(StressFailure):
    """A stress round did not finish within its timeout. The message holds
    the stack of every thread, hung workers first."""


def dump_all_stacks(first: Iterable[threading.Thread] = ()) -> str:
    """Every live thread's current stack as text, threads in ``first`` first."""
    frames = sys._current_frames()
    by_ident = {t.ident: t for t in threading.enumerate()}
    order = [t.ident for t in first if t.ident in frames]
    order += [ident for ident in frames if ident not in order]
    parts = []
    for ident in order:
        thread = by_ident.get(ident)
        name = thread.name if thread else f"thread {ident}"
        stack = "".join(traceback.format_stack(frames[ident]))
        parts.append(f'--- "{name}" (ident {ident}) ---\n{stack}')
    return "\n".join(parts)


def stress(
    setup: Callable[[], Any],
    threads: Sequence[Callable[[Any], Any]],
    check: Callable[[Any], Any] | None = None,
    *,
    rounds: int = 100,
    timeout: float = 10.0,
    switch_interval: float = 1e-6,
    name: str = "stress",
    hard_timeout: float | None = None,
) -> int:
    """Run ``threads`` concurrently on real threads, ``rounds`` times.

    Returns the number of rounds run. Raises `StressHang` if a round takes
    longer than ``timeout`` seconds (the message has every thread's stack)
    and `StressFailure` if a worker raises or ``check(state)`` returns False
    or raises AssertionError. ``hard_timeout`` (default ``rounds * timeout +
    30`` s) arms ``faulthandler.dump_traceback_later`` as a last resort in
    case ``setup`` or ``check`` themselves hang: it prints all stacks to
    stderr (without exiting), so even that case leaves a trace. faulthandler
    keeps one such timer per process, so this replaces (and on return
    cancels) any timer armed before, e.g. by pytest's ``faulthandler_timeout``.
    """
    if not threads:
        raise ValueError("stress needs at least one thread")
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(switch_interval)
    backstop = hard_timeout if hard_timeout is not None else rounds * timeout + 30
    try:
        faulthandler.dump_traceback_later(backstop, exit=False)
    except (RuntimeError, ValueError):  # faulthandler unavailable (e.g. no stderr fd)
        backstop = None
    try:
        for r in range(rounds):
            _one_round(setup, threads, check, timeout, name, r)
        return rounds
    finally:
        if backstop is not None:
            faulthandler.cancel_dump_traceback_later()
        sys.setswitchinterval(old_interval)


def _one_round(setup, workers, check, timeout, name, r) -> None:
    state = setup()
    start = threading.Barrier(len(workers) + 1)
    errors: list[tuple[str, BaseException, str]] = []
    errors_lock = _real.allocate_lock()

    def run(i: int, fn: Callable[[Any], Any]) -> None:
        try:
            start.wait(timeout)
            fn(state)
        except BaseException as exc:  # reported to the main thread
            with errors_lock:
                errors.append((threading.current_thread().name, exc, traceback.format_exc()))

    threads = [
        threading.Thread(target=run, args=(i, fn), name=f"{name}-r{r}-w{i}", daemon=True)
        for i, fn in enumerate(workers)
    ]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout
    try:
        start.wait(timeout)
    except threading.BrokenBarrierError:
        pass  # a worker failed to arrive; reported below as a hang or an error
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    hung = [t for t in threads if t.is_alive()]
    if hung:
        names = ", ".join(t.name for t in hung)
        raise StressHang(
            f"{name}: round {r} did not finish within {timeout} s; still running: {names}\n"
            f"stacks of all threads:\n{dump_all_stacks(hung)}",
            r,
        )
    if errors:
        who, exc, tb = errors[0]
        raise StressFailure(f"{name}: round {r}: {who} raised {exc!r}\n{tb}", r) from exc
    if check is not None:
        try:
            ok = check(state)
        except AssertionError as exc:
            raise StressFailure(f"{name}: round {r}: check failed: {exc}", r) from exc
        if ok is False:
            raise StressFailure(f"{name}: round {r}: check returned False", r)


def stress_scenario(scenario: Any, **options: Any) -> int:
    """`stress` a `racecheck.Scenario` (its ``setup``, ``threads``, ``check``,
    ``name``) on real threads. Options as for `stress`."""
    options.setdefault("name", getattr(scenario, "name", "stress"))
    return stress(scenario.setup, scenario.threads, getattr(scenario, "check", None), **options)


# ---------------------------------------------------------------------------
# Conservation


def _describe(counter: Counter, limit: int = 10) -> str:
    items = sorted(counter.items(), key=repr)
    text = ", ".join(f"{k!r}" + (f" x{n}" if n > 1 else "") for k, n in items[:limit])
    return text + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def assert_conserved(produced: Iterable[Hashable], consumed: Iterable[Hashable], what: str = "items") -> None:
    """Assert that ``consumed`` holds exactly the items of ``produced``, each
    as many times (multisets equal). The message names the lost items
    (produced, never consumed), the duplicated ones (consumed more often than
    produced) and the phantoms (consumed, never produced)."""
    made, used = Counter(produced), Counter(consumed)
    if made == used:
        return
    lost = Counter({k: n - used[k] for k, n in made.items() if n > used[k] and used[k] == 0})
    short = Counter({k: n - used[k] for k, n in made.items() if n > used[k] > 0})
    dup = Counter({k: n - made[k] for k, n in used.items() if made[k] and n > made[k]})
    phantom = Counter({k: n for k, n in used.items() if not made[k]})
    lines = [
        f"{what} not conserved: {sum(made.values())} produced, {sum(used.values())} consumed"
    ]
    if lost:
        lines.append(f"  lost (never consumed): {_describe(lost)}")
    if short:
        lines.append(f"  consumed fewer times than produced: {_describe(short)}")
    if dup:
        lines.append(f"  duplicated (consumed more than produced): {_describe(dup)}")
    if phantom:
        lines.append(f"  phantom (consumed, never produced): {_describe(phantom)}")
    raise AssertionError("\n".join(lines))


class Ledger:
    """Internally synchronized record of produced and consumed items.

    Producers call ``produced(item)`` after handing an item over, consumers
    call ``consumed(item)`` when they take it; ``assert_conserved()`` then
    checks that every item was consumed exactly once. Uses a real lock taken
    before racecheck patches anything, so under the controlled scheduler it adds no modelled lock
    and no switch point.
    """

    def __init__(self) -> None:
        self._lock = _real.allocate_lock()
        self._produced: list[Hashable] = []
        self._consumed: list[Hashable] = []

    def produced(self, item: Hashable) -> None:
        with self._lock:
            self._produced.append(item)

    def consumed(self, item: Hashable) -> None:
        with self._lock:
            self._consumed.append(item)

    @property
    def counts(self) -> tuple[int, int]:
        """(number produced, number consumed)."""
        with self._lock:
            return len(self._produced), len(self._consumed)

    def assert_conserved(self, what: str = "items") -> None:
        with self._lock:
            produced, consumed = list(self._produced), list(self._consumed)
        assert_conserved(produced, consumed, what)
