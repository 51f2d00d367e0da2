"""Turn a failure record into text a person can read (and paste into a page).

Built only from a frozen `_failure.FailureRecord` (see there why). The
schedule table is compact so that it reads on a phone: the step, the thread,
the line number (the file is named once above the table, and only rows in
another file name theirs), the operation, and the locks held only when some
thread holds one. Long runs of identical rows (a spinning loop) are folded
into one line, and two marks in the first column point at what matters:
``>>`` where the scheduler preempted a runnable thread and ``!!`` at the
failing step.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ._failure import (
    Acquire, Block, End, FailureRecord, Preempt, Release, Step, Sync, Timeout,
)

__all__ = ["Row", "rows", "render_schedule", "render_threads", "main_file"]

_MAX_ROWS = 60  # rows shown after folding; the middle of a longer table is omitted
_SOURCE_WIDTH = 44
_FOLD_MIN_REPEATS = 3  # a block of rows seen this often in a row is folded
_FOLD_MAX_PERIOD = 8


@dataclass
class Row:
    """One row of the schedule: a source line run without a switch, or a note."""

    step: int | None
    thread: int | None
    file: str | None = None
    line: int | None = None
    what: str = ""
    ops: list = field(default_factory=list)
    held: tuple = ()
    pre: bool = False  # the scheduler preempted a runnable thread to run this one
    fail: bool = False  # the failing step
    sync: bool = False
    split: bool = False  # another thread ran between parts of this source line
    folded: int = 0  # > 0: a fold marker standing for this many repeats
    fold_span: tuple = ()  # (period, first step, last step) of a fold
    kind: str = "step"  # "step" | "sync" | "block" | "timeout" | "end" | "check" | "fold"

    def key(self):
        return (self.thread, self.file, self.line, self.what, self.held, self.kind,
                tuple(self.ops) if self.split else ())


def _short(text: str, width: int = _SOURCE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _raw_rows(rec: FailureRecord) -> list[Row]:
    held: dict[int, list] = defaultdict(list)
    out: list[Row] = []
    preempt_next: set = set()
    last_key = None
    for ev in rec.events:
        t = type(ev)
        if t is Step:
            key = (ev.thread, ev.file, ev.line)
            if key == last_key and (not preempt_next or ev.thread not in preempt_next):
                if ev.op:
                    out[-1].ops.append(ev.op)
                continue
            last_key = key
            out.append(Row(ev.step, ev.thread, ev.file, ev.line, _short(ev.source),
                           [ev.op] if ev.op else [], tuple(held[ev.thread]),
                           pre=ev.thread in preempt_next))
            preempt_next.discard(ev.thread)
        elif t is Sync:
            last_key = None
            out.append(Row(ev.step, ev.thread, ev.file, ev.line, ev.what, [],
                           tuple(held[ev.thread]), pre=ev.thread in preempt_next,
                           sync=True, kind="sync"))
            preempt_next.discard(ev.thread)
        elif t is Block:
            last_key = None
            extra = f" (held by {ev.holder})" if ev.holder else ""
            out.append(Row(None, ev.thread, ev.file, ev.line, f"blocked: {ev.what}{extra}",
                           held=tuple(held[ev.thread]), kind="block"))
        elif t is Timeout:
            last_key = None
            out.append(Row(None, ev.thread, what=f"timeout fires (virtual time {ev.vtime:g} s)",
                           held=tuple(held[ev.thread]), kind="timeout"))
        elif t is Preempt:
            preempt_next.add(ev.thread)
        elif t is Acquire or t is Release:
            mine = held[ev.thread]
            if t is Acquire:
                mine.append(ev.lock)
            elif ev.lock in mine:
                mine.remove(ev.lock)
            if out and out[-1].thread == ev.thread:
                out[-1].held = tuple(mine)
        elif t is End:
            last_key = None
            out.append(Row(None, ev.thread, what=ev.outcome, held=tuple(held[ev.thread]),
                           kind="end"))
    return out


def _merge_sync_rows(rows: list[Row]) -> list[Row]:
    """Fold the bytecode rows around a modelled operation on the same line into it,
    and keep the op ranges only where a line was split by a switch."""
    out: list[Row] = []
    for r in rows:
        prev = out[-1] if out else None
        same = (prev is not None and prev.thread == r.thread and prev.file == r.file
                and prev.line == r.line and prev.kind != "fold")
        if same and r.sync and not r.pre and not prev.sync and prev.step and prev.kind == "step":
            r.step, r.pre = prev.step, prev.pre
            r.what = f"{prev.what}  -> {r.what}"
            out[-1] = r
            continue
        if same and prev.sync and r.kind == "step" and not r.pre and r.step:
            prev.held = r.held
            continue
        out.append(r)
    # Op ranges matter only where a thread's line was interrupted by another thread.
    last_row: dict = {}
    for i, r in enumerate(out):
        if r.kind != "step":
            continue
        j = last_row.get(r.thread)
        if j is not None and out[j].file == r.file and out[j].line == r.line and j != i - 1:
            out[j].split = r.split = True
        last_row[r.thread] = i
    return out


def _mark_failure(rec: FailureRecord, rows: list[Row]) -> list[Row]:
    if rec.kind == "invariant":
        rows.append(Row(None, None, what="the final check failed", fail=True, kind="check"))
        return rows
    t = rec.failing_thread
    for r in reversed(rows):
        if t is not None and r.thread != t:
            continue
        if rec.kind == "deadlock" and r.kind != "block":
            continue
        if rec.kind == "exception" and r.kind == "end" and not r.what.startswith("raised"):
            continue
        r.fail = True
        break
    return rows


def _fold(rows: list[Row]) -> list[Row]:
    """Fold long runs of a repeating block of rows: keep the first and the last
    repetition, and one marker row for the ones in between."""
    keys = [r.key() for r in rows]
    plain = [not (r.pre or r.fail) for r in rows]
    out: list[Row] = []
    i, n = 0, len(rows)
    while i < n:
        best = None
        for p in range(1, _FOLD_MAX_PERIOD + 1):
            if i + p * _FOLD_MIN_REPEATS > n:
                break
            seg = keys[i:i + p]
            k = 1
            while (i + (k + 1) * p <= n and keys[i + k * p:i + (k + 1) * p] == seg
                   and all(plain[i + k * p:i + (k + 1) * p])):
                k += 1
            if k >= _FOLD_MIN_REPEATS and (best is None or k * p > best[0] * best[1]):
                best = (p, k)
        if best is None:
            out.append(rows[i])
            i += 1
            continue
        p, k = best
        out.extend(rows[i:i + p])
        hidden = rows[i + p:i + (k - 1) * p]
        steps = [r.step for r in hidden if r.step is not None]
        if hidden:
            out.append(Row(None, rows[i].thread, folded=k - 2, kind="fold",
                           fold_span=(p, steps[0] if steps else None,
                                      steps[-1] if steps else None)))
        out.extend(rows[i + (k - 1) * p:i + k * p])
        i += k * p
    return out


def rows(rec: FailureRecord) -> list[Row]:
    """The schedule's rows: merged, the failure marked, repetitions folded."""
    return _fold(_mark_failure(rec, _merge_sync_rows(_raw_rows(rec))))


def main_file(rows_: list[Row]) -> str | None:
    files = Counter(r.file for r in rows_ if r.file)
    return files.most_common(1)[0][0] if files else None


def _fold_text(r: Row) -> str:
    period, first, last = r.fold_span
    what = "this row" if period == 1 else f"these {period} rows"
    times = "once more" if r.folded == 1 else f"{r.folded} more times"
    span = f" (steps {first}-{last})" if first is not None else ""
    return f"... {what} again, {times}{span} ..."


def render_schedule(rec: FailureRecord, show_ops: bool = True, table_rows=None) -> str:
    table_rows = rows(rec) if table_rows is None else list(table_rows)
    main = main_file(table_rows)
    omitted = 0
    if len(table_rows) > _MAX_ROWS:
        omitted = len(table_rows) - _MAX_ROWS
        table_rows = table_rows[:20] + [None] + table_rows[-(_MAX_ROWS - 20):]
    any_held = any(r.held for r in table_rows if r is not None)
    header = ["", "step", "thread", "line", "operation"] + (["locks held"] if any_held else [])
    cells = []
    for r in table_rows:
        if r is None:
            cells.append(None)
            continue
        if r.kind == "fold":
            cells.append(("", "", f"T{r.thread}", "", _fold_text(r)) + (("",) if any_held else ()))
            continue
        what = r.what
        if show_ops and r.ops and r.split:
            span = r.ops[0] if len(r.ops) == 1 else f"{r.ops[0]} … {r.ops[-1]}"
            what = f"{what}  [{span}]" if what else f"[{span}]"
        if r.line is None:
            line = ""
        elif r.file == main:
            line = str(r.line)
        else:
            line = f"{r.file}:{r.line}"
        mark = "!!" if r.fail else ">>" if r.pre else ""
        row = [mark, "" if r.step is None else str(r.step),
               "" if r.thread is None else f"T{r.thread}", line, what]
        if any_held:
            row.append(", ".join(r.held))
        cells.append(tuple(row))
    ncols = len(header)
    widths = [max([len(header[i])] + [len(c[i]) for c in cells if c is not None])
              for i in range(ncols)]
    right = {1, 3}  # numbers

    def fmt(cols):
        parts = []
        for i, c in enumerate(cols):
            last = i == ncols - 1
            if i in right:
                parts.append(c.rjust(widths[i]))
            else:
                parts.append(c if last else c.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    lines = [fmt(header)]
    for c in cells:
        if c is None:
            lines.append(f"... {omitted} rows omitted ...")
        else:
            lines.append(fmt(c))
    return "\n".join(lines)


def schedule_legend(rec: FailureRecord, table_rows=None) -> str:
    main = main_file(rows(rec) if table_rows is None else table_rows)
    where = f" in {main}" if main else ""
    return (f"Schedule{where}, one row per line run without a switch\n"
            "(>> = a preemption, !! = the failing step):")


def render_threads(rec: FailureRecord) -> str:
    """Each unfinished thread: where it is, what it holds and what it waits for."""
    out = []
    for p in rec.positions:
        if p.state == "finished":
            continue
        if p.file is None and p.waits_for is None:
            name = f"{p.name} ({p.label})" if p.label else p.name
            out.append(f"  {name} had not started (runnable)")
            continue
        where = f"{p.file}:{p.line}" if p.file else "?"
        where = f"{where}  {_short(p.source, 60)}".rstrip()
        held = ", ".join(p.holds) or "nothing"
        if p.waits_for is not None:
            by = f" (held by {p.holder})" if p.holder else ""
            wait = f"waits for: {p.waits_for}{by}"
            if p.deadline is not None:
                wait += f", timeout at virtual {p.deadline:g} s"
        else:
            wait = "was runnable"
        name = f"{p.name} ({p.label})" if p.label else p.name
        out.append(f"  {name} at {where}\n      holds: {held}; {wait}")
    return "\n".join(out)
