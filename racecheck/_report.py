"""Turn a failed run into text a person can read (and paste into a page)."""

from __future__ import annotations

import dis
import linecache
import os

from ._runtime import ACQ, BLOCK, DONE, END, PREEMPT, REL, STEP, SYNC, TIMEOUT, WAKE

_MAX_ROWS = 120
_OP_CACHE: dict = {}


def _ops(code):
    table = _OP_CACHE.get(code)
    if table is None:
        table = {}
        line = code.co_firstlineno
        for ins in dis.get_instructions(code):
            if ins.positions is not None and ins.positions.lineno is not None:
                line = ins.positions.lineno
            text = ins.opname if not ins.argrepr else f"{ins.opname} {ins.argrepr}"
            table[ins.offset] = (line, text)
        _OP_CACHE[code] = table
    return table


def _where(code, line):
    if code is None:
        return "?"
    return f"{os.path.basename(code.co_filename)}:{line}"


def _source(code, line, width=44):
    if code is None or line is None:
        return ""
    text = linecache.getline(code.co_filename, line).strip()
    if "  #" in text:  # drop a trailing comment (a '#' inside a string may be cut; rare)
        text = text.split("  #", 1)[0].rstrip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _name(prim):
    return getattr(prim, "_rc_name", None) or repr(prim)


def _rows(run):
    """Rows of (step, thread, location, operation, held, preempted)."""
    held = {w.idx: [] for w in run.workers}
    rows = []
    step = 0
    preempt_next: set = set()
    last_key = None
    for ev in run.trace:
        tag = ev[0]
        if tag == STEP:
            _, idx, code, offset, line = ev
            step += 1
            op = None
            if offset is not None:
                line, op = _ops(code).get(offset, (code.co_firstlineno, "?"))
            key = (idx, code, line)
            if key == last_key and idx not in preempt_next:
                row = rows[-1]
                if op:
                    row["ops"].append(op)
                continue
            last_key = key
            rows.append(dict(step=step, thread=idx, where=_where(code, line),
                             what=_source(code, line), ops=[op] if op else [],
                             held=list(held[idx]), pre=idx in preempt_next))
            preempt_next.discard(idx)
        elif tag == SYNC:
            _, idx, code, line, desc, prim = ev
            step += 1
            last_key = None
            rows.append(dict(step=step, thread=idx, where=_where(code, line), what=desc,
                             ops=[], held=list(held[idx]), pre=idx in preempt_next,
                             sync=True))
            preempt_next.discard(idx)
        elif tag == BLOCK:
            _, idx, code, line, desc, on = ev
            last_key = None
            holder = getattr(on, "_owner", None)
            extra = f" (held by {holder.name})" if hasattr(holder, "name") else ""
            rows.append(dict(step=None, thread=idx, where=_where(code, line),
                             what=f"blocked: {desc}{extra}", ops=[],
                             held=list(held[idx]), pre=False))
        elif tag == TIMEOUT:
            _, idx, vnow = ev
            last_key = None
            rows.append(dict(step=None, thread=idx, where="", ops=[], held=list(held[idx]),
                             what=f"timeout fires (virtual time {vnow:g} s)", pre=False))
        elif tag == PREEMPT:
            preempt_next.add(ev[1])
        elif tag == ACQ:
            held[ev[1]].append(_name(ev[2]))
            if rows and rows[-1]["thread"] == ev[1]:
                rows[-1]["held"] = list(held[ev[1]])
        elif tag == REL:
            name = _name(ev[2])
            if name in held[ev[1]]:
                held[ev[1]].remove(name)
            if rows and rows[-1]["thread"] == ev[1]:
                rows[-1]["held"] = list(held[ev[1]])
        elif tag == END:
            _, idx, error = ev
            last_key = None
            if error == "aborted":
                what = "stopped unfinished (the run was over)"
            else:
                what = "finished" if error is None else f"raised {type(error).__name__}"
            rows.append(dict(step=None, thread=idx, where="", what=what, ops=[],
                             held=list(held[idx]), pre=False))
        elif tag == WAKE:
            pass
    return _merge_sync_rows(rows)


def _merge_sync_rows(rows):
    """Fold the bytecode rows around a modelled operation on the same line into it,
    and keep the op ranges only where a line was split by a switch."""
    out = []
    for r in rows:
        prev = out[-1] if out else None
        same = prev is not None and prev["thread"] == r["thread"] and prev["where"] == r["where"]
        if same and r.get("sync") and not r["pre"] and not prev.get("sync") and prev["step"]:
            r = dict(r, step=prev["step"], what=f"{prev['what']}  -> {r['what']}", pre=prev["pre"])
            out[-1] = r
            continue
        if same and prev.get("sync") and not r.get("sync") and not r["pre"] and r["step"]:
            prev["held"] = r["held"]
            continue
        out.append(r)
    # Op ranges matter only where a thread's line was interrupted by another thread.
    last_row: dict = {}
    for i, r in enumerate(out):
        r.setdefault("split", False)
        if r["step"] is None or r.get("sync"):
            continue
        j = last_row.get(r["thread"])
        if j is not None and out[j]["where"] == r["where"] and j != i - 1:
            out[j]["split"] = r["split"] = True
        last_row[r["thread"]] = i
    return out


def render_schedule(run, show_ops=True) -> str:
    rows = _rows(run)
    omitted = 0
    if len(rows) > _MAX_ROWS:
        omitted = len(rows) - _MAX_ROWS
        rows = rows[:20] + rows[-(_MAX_ROWS - 20):]
    header = ("step", "thread", "location", "operation", "locks held")
    table = []
    for r in rows:
        what = r["what"]
        if show_ops and r["ops"] and r.get("split"):
            ops = r["ops"]
            span = ops[0] if len(ops) == 1 else f"{ops[0]} … {ops[-1]}"
            what = f"{what}  [{span}]" if what else f"[{span}]"
        thread = f"T{r['thread']}" + (" >>" if r["pre"] else "")
        table.append((
            "" if r["step"] is None else str(r["step"]),
            thread,
            r["where"],
            what,
            ", ".join(r["held"]) or "-",
        ))
    widths = [max(len(header[i]), *(len(t[i]) for t in table)) if table else len(header[i])
              for i in range(4)]
    lines = []

    def fmt(cols):
        return "  ".join(c.ljust(widths[i]) for i, c in enumerate(cols[:4])) + "  " + cols[4]

    lines.append(fmt(header).rstrip())
    for i, t in enumerate(table):
        if omitted and i == 20:
            lines.append(f"... {omitted} rows omitted ...")
        lines.append(fmt(t).rstrip())
    return "\n".join(lines)


def render_threads(run) -> str:
    """Each unfinished thread: where it is, what it holds and what it waits for."""
    out = []
    for w in run.workers:
        if w.state == DONE and w.blocked_on is None and not w.abort:
            continue
        code, line = _last_position(run, w.idx)
        held = ", ".join(_name(p) for p in w.held) or "nothing"
        where = f"{_where(code, line)}  {_source(code, line, 60)}".rstrip()
        if w.blocked_on is not None:
            holder = getattr(w.blocked_on, "_owner", None)
            by = f" (held by {holder.name})" if hasattr(holder, "name") else ""
            wait = f"waits for: {w.block_desc}{by}"
            if w.deadline is not None:
                wait += f", timeout at virtual {w.deadline:g} s"
        else:
            wait = "was runnable"
        name = f"{w.name} ({w.label})" if getattr(w, "label", "") else w.name
        out.append(f"  {name} at {where}\n      holds: {held}; {wait}")
    return "\n".join(out)


def _last_position(run, idx):
    for ev in reversed(run.trace):
        if ev[0] in (STEP, SYNC, BLOCK) and ev[1] == idx:
            if ev[0] == STEP:
                code, offset, line = ev[2], ev[3], ev[4]
                if offset is not None:
                    line = _ops(code).get(offset, (None,))[0]
                return code, line
            return ev[2], ev[3]
    return None, None
