"""A failed run as a frozen record of typed events.

A report (text or picture) is built from a `FailureRecord`, never from the
live `Run`: when a run ends, the threads that are still parked are unwound by
an abort, and their cleanup (``with lock:`` blocks releasing, ``finally``
clauses, the end of a thread) keeps changing the live trace, the held locks
and the thread states while the report would be read. Under CPU load that race
changed about one published report in 150. So the run is snapshotted at the
one moment its outcome is decided (`snapshot`, called by the thread that ends
the run while every other scenario thread is parked), and everything a report
shows is derived from that snapshot (`build`).

Events, in order (`FailureRecord.events`):

    Step      a bytecode (or line) of target code ran
    Sync      an operation on a modelled primitive ran (acquire, wait, put, ...)
    Block     a thread blocked on a primitive (and who held it at that moment)
    Wake      a blocked thread became runnable again
    Timeout   a timed wait timed out at a virtual time
    Preempt   the scheduler switched to this thread while another could run
    Acquire   a thread took a modelled lock
    Release   a thread released a modelled lock
    End       a thread finished, raised, or was stopped

`ThreadPosition` says where each thread was when the run ended.
"""

from __future__ import annotations

import dis
import linecache
import os
from dataclasses import dataclass
from typing import Union

__all__ = [
    "Step", "Sync", "Block", "Wake", "Timeout", "Preempt", "Acquire", "Release", "End",
    "Event", "ThreadPosition", "FailureRecord", "RunSnapshot", "snapshot", "build",
]


@dataclass(frozen=True, slots=True)
class Step:
    thread: int
    step: int
    file: str | None  # base name of the source file
    line: int | None
    source: str  # the source line, stripped
    op: str | None  # bytecode instruction (None at line granularity)


@dataclass(frozen=True, slots=True)
class Sync:
    thread: int
    step: int
    file: str | None
    line: int | None
    source: str
    what: str  # e.g. "acquire state.lock"


@dataclass(frozen=True, slots=True)
class Block:
    thread: int
    file: str | None
    line: int | None
    source: str
    what: str
    holder: str | None  # the thread holding the awaited lock when it blocked


@dataclass(frozen=True, slots=True)
class Wake:
    thread: int


@dataclass(frozen=True, slots=True)
class Timeout:
    thread: int
    vtime: float


@dataclass(frozen=True, slots=True)
class Preempt:
    thread: int  # the thread that takes over


@dataclass(frozen=True, slots=True)
class Acquire:
    thread: int
    lock: str


@dataclass(frozen=True, slots=True)
class Release:
    thread: int
    lock: str


@dataclass(frozen=True, slots=True)
class End:
    thread: int
    outcome: str  # "finished" | "raised <Type>" | "stopped unfinished"


Event = Union[Step, Sync, Block, Wake, Timeout, Preempt, Acquire, Release, End]


@dataclass(frozen=True, slots=True)
class ThreadPosition:
    """A thread when the run ended."""

    thread: int
    name: str
    label: str  # threading name of a thread the code under test started ("" otherwise)
    state: str  # "finished" | "runnable" | "blocked"
    file: str | None
    line: int | None
    source: str
    holds: tuple[str, ...]
    waits_for: str | None  # what a blocked thread waits for
    holder: str | None  # who holds what it waits for
    deadline: float | None  # virtual time at which its wait times out


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """Everything a report shows about one failed run, frozen."""

    scenario: str
    kind: str  # "invariant" | "deadlock" | "exception" | "livelock"
    message: str
    threads: int
    events: tuple[Event, ...]
    positions: tuple[ThreadPosition, ...]
    failing_thread: int | None  # whose last step failed (None: the final check failed)
    schedule: str  # the deviations, as replay(schedule=...) takes them
    preemptions: int
    traceback: str = ""


# ------------------------------------------------------------------ snapshot
@dataclass(frozen=True, slots=True)
class _WorkerState:
    idx: int
    name: str
    label: str
    state: str
    held: tuple[str, ...]
    blocked_on: str | None
    holder: str | None
    deadline: float | None
    tb_text: str


@dataclass(frozen=True, slots=True)
class RunSnapshot:
    """The raw trace and thread states at the moment the run's outcome was decided.

    Raw trace entries hold code objects (immutable) and primitive names
    (fixed before the threads start), so converting them later reads nothing
    that the aborting threads can change.
    """

    trace: tuple
    workers: tuple[_WorkerState, ...]
    current: int | None
    deviations: tuple[tuple[int, int], ...]
    preemptions: int


def prim_name(prim) -> str:
    return getattr(prim, "_rc_name", None) or repr(prim)


def holder_name(prim) -> str | None:
    holder = getattr(prim, "_owner", None)
    name = getattr(holder, "name", None)
    return name if isinstance(name, str) else None


def snapshot(run) -> RunSnapshot:
    """Freeze `run` now. Cheap (one copy of the trace): it runs at the end of every run."""
    from ._runtime import BLOCKED, DONE  # late: _runtime imports this module

    workers = tuple(
        _WorkerState(
            idx=w.idx, name=w.name, label=getattr(w, "label", "") or "",
            state="finished" if w.state == DONE else "blocked" if w.state == BLOCKED else "runnable",
            held=tuple(prim_name(p) for p in w.held),
            blocked_on=w.block_desc if w.blocked_on is not None else None,
            holder=holder_name(w.blocked_on) if w.blocked_on is not None else None,
            deadline=w.deadline if w.blocked_on is not None else None,
            tb_text=w.tb_text,
        )
        for w in run.workers
    )
    cur = run.current
    return RunSnapshot(
        trace=tuple(run.trace), workers=workers,
        current=cur.idx if cur is not None else None,
        deviations=tuple(run.deviations), preemptions=run.preemptions,
    )


# ------------------------------------------------------------------ build
# Caches are keyed by id(code), and each entry keeps its code object alive so
# the id is not reused: code objects compare equal across files when their
# bytecode is the same (co_filename is not part of ==), so keying by the code
# itself named the wrong file for a function copied into a known-bad variant.
_OP_CACHE: dict = {}


def _ops(code):
    entry = _OP_CACHE.get(id(code))
    table = entry[1] if entry is not None else None
    if table is None:
        table = {}
        line = code.co_firstlineno
        for ins in dis.get_instructions(code):
            if ins.positions is not None and ins.positions.lineno is not None:
                line = ins.positions.lineno
            text = ins.opname if not ins.argrepr else f"{ins.opname} {ins.argrepr}"
            table[ins.offset] = (line, text)
        _OP_CACHE[id(code)] = (code, table)
    return table


def _file(code) -> str | None:
    return None if code is None else os.path.basename(code.co_filename)


def _source(code, line) -> str:
    if code is None or line is None:
        return ""
    text = linecache.getline(code.co_filename, line).strip()
    if "  #" in text:  # drop a trailing comment (a '#' inside a string may be cut; rare)
        text = text.split("  #", 1)[0].rstrip()
    return text


_STEP_CACHE: dict = {}  # (id(code), offset, line) -> (code, (file, line, source, op))


def _step_info(code, offset, line):
    key = (id(code), offset, line)
    entry = _STEP_CACHE.get(key)
    if entry is None:
        op = None
        if offset is not None:
            line, op = _ops(code).get(offset, (code.co_firstlineno, "?"))
        entry = _STEP_CACHE[key] = (code, (_file(code), line, _source(code, line), op))
    return entry[1]


def _events(trace) -> tuple[Event, ...]:
    from ._runtime import ACQ, BLOCK, END, PREEMPT, REL, STEP, SYNC, TIMEOUT, WAKE

    out: list = []
    step = 0
    for ev in trace:
        tag = ev[0]
        if tag == STEP:
            step += 1
            out.append(Step(ev[1], step, *_step_info(ev[2], ev[3], ev[4])))
        elif tag == SYNC:
            _, idx, code, line, desc = ev[:5]
            step += 1
            out.append(Sync(idx, step, _file(code), line, _source(code, line), desc))
        elif tag == BLOCK:
            _, idx, code, line, desc = ev[:5]
            holder = ev[6] if len(ev) > 6 else None
            out.append(Block(idx, _file(code), line, _source(code, line), desc, holder))
        elif tag == TIMEOUT:
            out.append(Timeout(ev[1], ev[2]))
        elif tag == PREEMPT:
            out.append(Preempt(ev[1]))
        elif tag == ACQ:
            out.append(Acquire(ev[1], prim_name(ev[2])))
        elif tag == REL:
            out.append(Release(ev[1], prim_name(ev[2])))
        elif tag == WAKE:
            out.append(Wake(ev[1]))
        elif tag == END:
            error = ev[2]
            if error == "aborted":
                outcome = "stopped unfinished"
            elif error is None:
                outcome = "finished"
            else:
                outcome = f"raised {type(error).__name__}"
            out.append(End(ev[1], outcome))
    return tuple(out)


def _last_positions(events) -> dict:
    """thread -> its last Step/Sync/Block event, in one pass from the end."""
    last: dict = {}
    for ev in reversed(events):
        if type(ev) in (Step, Sync, Block) and ev.thread not in last:
            last[ev.thread] = ev
    return last


def _position(last: dict, w: _WorkerState) -> ThreadPosition:
    ev = last.get(w.idx)
    return ThreadPosition(
        thread=w.idx, name=w.name, label=w.label, state=w.state,
        file=ev.file if ev else None, line=ev.line if ev else None,
        source=ev.source if ev else "",
        holds=w.held, waits_for=w.blocked_on, holder=w.holder, deadline=w.deadline,
    )


def build(scenario: str, failure: dict, snap: RunSnapshot) -> FailureRecord:
    """The typed record of a failed run, from its snapshot and its failure."""
    events = _events(snap.trace)
    last = _last_positions(events)
    positions = [_position(last, w) for w in snap.workers]
    kind = failure["kind"]
    failing = None
    if kind == "exception" and failure.get("thread"):
        failing = next((w.idx for w in snap.workers if w.name == failure["thread"]), None)
    elif kind == "livelock":
        failing = snap.current
    elif kind == "deadlock":
        last_block = next((ev for ev in reversed(events) if isinstance(ev, Block)), None)
        failing = last_block.thread if last_block is not None else None
    tb = failure.get("check_tb") or next((w.tb_text for w in snap.workers if w.tb_text), "")
    return FailureRecord(
        scenario=scenario, kind=kind, message=failure["message"], threads=len(snap.workers),
        events=events, positions=tuple(positions), failing_thread=failing,
        schedule=" ".join(f"{d}>T{t}" for d, t in snap.deviations),
        preemptions=snap.preemptions, traceback=tb if kind == "exception" else "",
    )
