"""What a thread that stopped making progress is waiting for.

A real lock (``_thread.lock``/``RLock``, or a ``threading.Condition``,
``Semaphore`` or ``Event`` built on one) that was created before the run
where racecheck could not swap it for a modelled one blocks a thread for
real: the scheduler cannot run anybody else meanwhile. The controller
notices that the running thread made no progress for a short while and asks
``real_lock_wait`` whether the thread is in a ``with X:`` or ``X.acquire()``
on such a lock, by evaluating the simple expression ``X`` in the thread's
frame: names, attributes and subscripts whose index is itself such an
expression, a constant, int arithmetic on those (+, -, *, //, %, unary
minus) or a tuple of them (``KEY_LOCKS[rid]``, ``STRIPES[i % 4]``,
``self.locks[key]``, ``locks[(a, b)]``).

No code of the program runs but attribute access (``getattr``, so a
property or ``__getattr__`` does run). A subscript indexes only builtin
containers: an exact list or tuple by an int, a dict or a dict subclass
that does not override ``__getitem__`` (defaultdict, OrderedDict, Counter)
with ``dict.get``, so ``__missing__``/``default_factory`` never runs and no
entry is created. A dict key must be a str, int, float, bytes, bool, None or
a tuple of those, and every key stored in the dict one too (a lookup may
call a stored key's ``__eq__``; ``__hash__`` of user types is never called).
Arithmetic takes exact ints only. Anything else is not evaluated: that
wait is then noticed only by the watchdog.
"""

from __future__ import annotations

import ast
import builtins
import linecache
import os
import re
import threading

from . import _real

_MISSING = object()
_OWNER = re.compile(r"owner=(\d+)")
_THREADING_FILE = threading.__file__


class RealLock:
    """Stands for a real lock in a report (what a thread waits for)."""

    def __init__(self, expr: str, lock, owner):
        self._rc_name = f"{expr} (a real lock)"
        self.lock = lock
        self._owner = owner  # the Worker holding it, when the lock records it


def _lock_of(obj):
    """The real lock behind obj, or None."""
    t = type(obj)
    if t is _real.LOCK_TYPE or t is _real.RLOCK_TYPE or t is threading._PyRLock:
        return obj
    if t is _real.Condition:
        return _lock_of(obj._lock)
    if t in (_real.Semaphore, _real.BoundedSemaphore, _real.Event):
        return _lock_of(obj._cond)
    return None


def is_locked(lock) -> bool:
    if type(lock) is _real.LOCK_TYPE:
        return lock.locked()
    return repr(lock).startswith("<locked")


def owner_ident(lock) -> int | None:
    m = _OWNER.search(repr(lock))
    return int(m.group(1)) if m else None


# A dict key whose hash and equality run no code of the program.
_KEY_TYPES = (str, int, float, bytes, bool, type(None))
# A larger dict is not searched for keys of other types (a few ms per look).
_MAX_DICT_SCAN = 100_000
_INT_OPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
}


def _is_int(v) -> bool:
    return type(v) is int or type(v) is bool


def _is_key(v) -> bool:
    t = type(v)
    if t is tuple:
        return all(_is_key(x) for x in v)
    return t in _KEY_TYPES


def _plain_dict(d) -> bool:
    """A dict (or subclass) whose subscript is dict's own (no __getitem__ override)."""
    for klass in type(d).__mro__:
        if "__getitem__" in klass.__dict__:
            return klass is dict
    return False


def _index(base, key):
    """base[key] for builtin containers only, without side effects; else _MISSING."""
    t = type(base)
    if t is list or t is tuple:
        if not _is_int(key):
            return _MISSING
        try:
            return base[key]
        except IndexError:
            return _MISSING
    if isinstance(base, dict) and _plain_dict(base) and _is_key(key):
        try:
            if len(base) > _MAX_DICT_SCAN or not all(_is_key(k) for k in dict.keys(base)):
                return _MISSING
            return dict.get(base, key, _MISSING)
        except Exception:  # changed size while looked at, or an unhashable key
            return _MISSING
    return _MISSING


def _evaluate(node, frame):
    if isinstance(node, ast.Name):
        for ns in (frame.f_locals, frame.f_globals, vars(builtins)):
            if node.id in ns:
                return ns[node.id]
        return _MISSING
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Attribute):
        base = _evaluate(node.value, frame)
        if base is _MISSING:
            return _MISSING
        try:
            return getattr(base, node.attr)
        except Exception:
            return _MISSING
    if isinstance(node, ast.Subscript):
        base = _evaluate(node.value, frame)
        if base is _MISSING:
            return _MISSING
        key = _evaluate(node.slice, frame)
        if key is _MISSING:
            return _MISSING
        return _index(base, key)
    if isinstance(node, ast.Tuple):
        items = tuple(_evaluate(e, frame) for e in node.elts)
        return _MISSING if any(v is _MISSING for v in items) else items
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _evaluate(node.operand, frame)
        if not _is_int(v):
            return _MISSING
        return -v if isinstance(node.op, ast.USub) else +v
    if isinstance(node, ast.BinOp) and type(node.op) in _INT_OPS:
        a, b = _evaluate(node.left, frame), _evaluate(node.right, frame)
        if not (_is_int(a) and _is_int(b)):
            return _MISSING
        if a.bit_length() + b.bit_length() > 4096:
            return _MISSING  # no huge numbers: an index is small
        try:
            return _INT_OPS[type(node.op)](a, b)
        except ZeroDivisionError:
            return _MISSING
    return _MISSING


def _expressions(line: str):
    text = line.strip()
    if text.endswith(":"):
        text += " pass"
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return _waits_in(tree)


def _waits_in(tree):
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            out.extend(item.context_expr for item in node.items)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("acquire", "wait", "wait_for", "__enter__"):
            out.append(node.func.value)
    return out


def _current_call(frame):
    """The waits in the source of the instruction `frame` executes (the call
    it is blocked in), read from its code positions: exact even when the
    statement spans lines (a lambda inside a call written over several)."""
    try:
        first, last, col, end_col = list(frame.f_code.co_positions())[frame.f_lasti // 2]
    except (IndexError, ValueError):
        return []
    if None in (first, last, col, end_col):
        return []
    name = frame.f_code.co_filename
    lines = [linecache.getline(name, n).encode() for n in range(first, last + 1)]
    if len(lines) == 1:
        text = lines[0][col:end_col]
    else:
        text = lines[0][col:] + b"".join(lines[1:-1]) + lines[-1][:end_col]
    try:
        tree = ast.parse("(" + text.decode() + ")", mode="eval")
    except (SyntaxError, UnicodeDecodeError):
        return []
    return _waits_in(tree)


def _match(frame, need_locked: bool):
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    for node in _current_call(frame) + _expressions(line):
        value = _evaluate(node, frame)
        if value is _MISSING:
            continue
        lock = _lock_of(value)
        if lock is not None and (not need_locked or is_locked(lock)):
            return frame, ast.unparse(node), lock
    return None


def real_lock_wait(frame):
    """(frame, expression, real lock) that `frame`'s thread waits for, or None.

    Waiting inside threading's own code (a real Condition, Event or
    Semaphore), the answer is the caller's call on that object.
    """
    if frame.f_code.co_filename == _THREADING_FILE:
        outer = frame
        while outer is not None and outer.f_code.co_filename == _THREADING_FILE:
            outer = outer.f_back
        if outer is not None:
            found = _match(outer, need_locked=False)
            if found is not None:
                return found
    return _match(frame, need_locked=True)


def where_code(code, line) -> str:
    text = linecache.getline(code.co_filename, line).strip()
    return f"{os.path.basename(code.co_filename)}:{line} ({text})"
