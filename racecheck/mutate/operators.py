"""Concurrency mutation operators: where a module can be broken, and how.

Each operator walks a module's AST and yields `Site`s. A site is one small,
plausible concurrency bug (a lock removed, ``while`` turned into ``if``
around ``wait``, a ``notify`` dropped, ...) written as text edits of the
original source, so a mutant keeps the module's formatting, comments and,
for all but "moved-out-of-with", its line numbers.

Operators know which names hold which primitive from the module's own
assignments (``self._cond = threading.Condition(...)``); a name assigned
nowhere in the module (a lock passed in) is treated as "any primitive".
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Iterator

# Bump when an operator changes what it finds or how it mutates: stored
# results made by another version are then stale.
VERSION = 2

LOCKS = {"Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore"}
PRIMITIVES = LOCKS | {"Event", "Barrier"}


@dataclass(frozen=True)
class Edit:
    """Replace source characters ``start:end`` (offsets into the text) by ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Site:
    """One mutation: operator name, the mutated line (1-based), what it does, the edits."""

    operator: str
    line: int
    description: str
    edits: tuple[Edit, ...]

    def apply(self, source: str) -> str:
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            source = source[: edit.start] + edit.text + source[edit.end :]
        return source


class Source:
    """A module's text with offset helpers (ast columns are UTF-8 byte offsets)."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line))

    def offset(self, lineno: int, col: int) -> int:
        line = self.lines[lineno - 1]
        return self._starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def line_start(self, lineno: int) -> int:
        return self._starts[lineno - 1]


class Kinds:
    """Which primitive a name or ``self.<attr>`` holds, from the module's assignments."""

    def __init__(self, tree: ast.AST):
        self.kinds: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
                kind = _callee(node.value)
                if kind in PRIMITIVES:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        if _key(target):
                            self.kinds[_key(target)] = kind

    def of(self, expr: ast.AST) -> str | None:
        """The primitive ``expr`` holds, "?" if unknown (not assigned here), None if not a name."""
        key = _key(expr)
        if key is None:
            return None
        return self.kinds.get(key, "?")


def _key(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return "." + expr.attr
    return None


def _callee(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _method_call(node: ast.AST, names: set[str]) -> ast.Call | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
        return node
    return None


def _is_lock(kinds: Kinds, expr: ast.AST) -> bool:
    kind = kinds.of(expr)
    return kind == "?" or kind in LOCKS


def _lock_items(kinds: Kinds, node: ast.With) -> list[ast.withitem]:
    return [item for item in node.items if item.optional_vars is None and _is_lock(kinds, item.context_expr)]


def _blank_statement(src: Source, stmt: ast.stmt) -> Edit:
    """Replace a statement by ``pass``, keeping the line count."""
    return Edit(src.start(stmt), src.end(stmt), "pass" + "\n" * (stmt.end_lineno - stmt.lineno))


Operator = Callable[[ast.AST, Source, Kinds], Iterator[Site]]


def with_removed(tree, src, kinds):
    """``with lock:`` removed, body kept (one item of ``with a, b:`` at a time)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.With):
            continue
        for item in _lock_items(kinds, node):
            text = src.segment(item.context_expr)
            if len(node.items) == 1:
                edit = Edit(src.start(node), src.end(item.context_expr), "if True")
            else:
                i = node.items.index(item)
                if i + 1 < len(node.items):
                    edit = Edit(src.start(item.context_expr), src.start(node.items[i + 1].context_expr), "")
                else:
                    edit = Edit(src.end(node.items[i - 1].context_expr), src.end(item.context_expr), "")
            yield Site("with-removed", node.lineno, f"`with {text}:` removed, body kept", (edit,))


def _loop_jumps(loop: ast.While) -> bool:
    """``break``/``continue`` of this loop (not of a nested one): ``if`` cannot hold them."""
    todo = list(loop.body) + list(loop.orelse)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Break, ast.Continue)):
            return True
        if not isinstance(node, (ast.For, ast.While, ast.AsyncFor, ast.FunctionDef, ast.AsyncFunctionDef,
                                 ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return False


def while_to_if(tree, src, kinds):
    """``while <cond>:`` around a ``wait`` turned into ``if <cond>:``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.While) and not _loop_jumps(node) and any(
            _method_call(n, {"wait", "wait_for"}) for stmt in node.body for n in ast.walk(stmt)
        ):
            start = src.start(node)
            yield Site("while-to-if", node.lineno, "`while` around wait() turned into `if`",
                       (Edit(start, start + len("while"), "if"),))


def notify_all_to_notify(tree, src, kinds):
    """``notify_all()`` turned into ``notify()``: only one waiter wakes."""
    for node in ast.walk(tree):
        call = _method_call(node, {"notify_all", "notifyAll"})
        if call and kinds.of(call.func.value) in ("?", "Condition"):
            end = src.end(call.func)
            yield Site("notify_all-to-notify", call.lineno, "notify_all() turned into notify()",
                       (Edit(end - len(call.func.attr), end, "notify"),))


_DROPPED = {
    # operator: (method names, receiver kinds that have them)
    "notify-dropped": ({"notify", "notify_all", "notifyAll"}, {"?", "Condition"}),
    "release-dropped": ({"release"}, {"?"} | LOCKS),
    "set-dropped": ({"set"}, {"?", "Event"}),
    "clear-dropped": ({"clear"}, {"Event"}),
}


def _dropped(operator: str) -> Operator:
    names, receivers = _DROPPED[operator]

    def find(tree, src, kinds):
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr):
                call = _method_call(node.value, names)
                if call and not call.args and not call.keywords and kinds.of(call.func.value) in receivers:
                    what = src.segment(call)
                    yield Site(operator, node.lineno, f"`{what}` dropped", (_blank_statement(src, node),))

    find.__name__ = operator.replace("-", "_")
    find.__doc__ = f"A call to {' or '.join(f'``{n}()``' for n in sorted(names) if n != 'notifyAll')} dropped."
    return find


def locks_swapped(tree, src, kinds):
    """The order of two nested locks swapped (``with a: with b:`` or ``with a, b:``)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.With):
            continue
        pairs = []
        if len(node.items) == 2 and len(_lock_items(kinds, node)) == 2:
            pairs.append((node.items[0].context_expr, node.items[1].context_expr))
        inner = node.body[0]
        if (len(node.items) == 1 and _lock_items(kinds, node) and isinstance(inner, ast.With)
                and len(inner.items) == 1 and _lock_items(kinds, inner)):
            pairs.append((node.items[0].context_expr, inner.items[0].context_expr))
        for a, b in pairs:
            ta, tb = src.segment(a), src.segment(b)
            if ta == tb:
                continue
            yield Site("locks-swapped", node.lineno, f"lock order `{ta}`, `{tb}` swapped",
                       (Edit(src.start(a), src.end(a), tb), Edit(src.start(b), src.end(b), ta)))


def _movable(stmt: ast.stmt) -> bool:
    """Moving these out of a block changes nothing an outsider could see."""
    if isinstance(stmt, (ast.Pass, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
        return False  # defining a name touches no shared state
    if isinstance(stmt, ast.Return) and (stmt.value is None or isinstance(stmt.value, (ast.Name, ast.Constant))):
        return False
    # Only locals, constants and calls of plain names (``raise Closed()``,
    # ``if not prompt: return False``): nothing shared to read or write.
    return any(isinstance(n, (ast.Attribute, ast.Subscript, ast.Global, ast.Nonlocal)) for n in ast.walk(stmt))


def moved_out_of_with(tree, src, kinds):
    """The first statement of a lock's block moved before it, or the last after it."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.With) and _lock_items(kinds, node) and len(node.body) >= 2):
            continue
        indent = node.body[0].col_offset - node.col_offset
        for stmt, where in ((node.body[0], "before"), (node.body[-1], "after")):
            if stmt.lineno == node.lineno or not _movable(stmt):
                continue
            lines = src.lines[stmt.lineno - 1 : stmt.end_lineno]
            if not all(line[:indent].strip() == "" for line in lines if line.strip()):
                continue
            moved = "".join(line[indent:] if line.strip() else line for line in lines)
            if not moved.endswith("\n"):
                moved += "\n"
            cut = Edit(src.line_start(stmt.lineno), src.line_start(stmt.end_lineno) + len(lines[-1]), "")
            at = src.line_start(node.lineno) if where == "before" else src.line_start(node.end_lineno) + len(
                src.lines[node.end_lineno - 1])
            first = src.segment(stmt).splitlines()[0].split("  #")[0]
            yield Site("moved-out-of-with", stmt.lineno, f"`{first}` moved {where} its `with` block",
                       (cut, Edit(at, at, moved)))


def rlock_to_lock(tree, src, kinds):
    """``RLock()`` turned into ``Lock()``: re-entering the lock deadlocks."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) == "RLock":
            end = src.end(node.func)
            yield Site("rlock-to-lock", node.lineno, "RLock() turned into Lock()",
                       (Edit(end - len("RLock"), end, "Lock"),))


def wait_for_to_wait(tree, src, kinds):
    """``cond.wait_for(pred[, timeout])`` turned into ``cond.wait([timeout])``."""
    for node in ast.walk(tree):
        call = _method_call(node, {"wait_for"})
        if call:
            rest = [src.segment(a) for a in call.args[1:]] + [src.segment(k) for k in call.keywords]
            end = src.end(call.func)
            yield Site("wait_for-to-wait", call.lineno, "wait_for(predicate) turned into wait()",
                       (Edit(end - len("wait_for"), src.end(call), f"wait({', '.join(rest)})"),))


_TIMEOUT_POSITION = {"wait": 0, "wait_for": 1, "acquire": 1, "get": 1, "put": 2}


def timeout_dropped(tree, src, kinds):
    """A ``timeout=`` argument (or a positional timeout of wait/wait_for) dropped."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        args = list(node.args) + list(node.keywords)
        drop = None
        for k in node.keywords:
            if k.arg == "timeout" and method in {*_TIMEOUT_POSITION, "join", "result"}:
                drop = k
        if drop is None and method in ("wait", "wait_for") and len(node.args) == _TIMEOUT_POSITION[method] + 1:
            drop = node.args[-1]
        if drop is None:
            continue
        i = args.index(drop)
        if i > 0:
            edit = Edit(src.end(args[i - 1]), src.end(drop), "")
        elif len(args) > 1:
            edit = Edit(src.start(drop), src.start(args[1]), "")
        else:
            edit = Edit(src.start(drop), src.end(drop), "")
        yield Site("timeout-dropped", node.lineno, f"timeout `{src.segment(drop)}` of {method}() dropped", (edit,))


def semaphore_plus_one(tree, src, kinds):
    """``Semaphore(n)`` turned into ``Semaphore(n + 1)`` (also BoundedSemaphore)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) in ("Semaphore", "BoundedSemaphore"):
            value = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "value"), None)
            if value is None:
                at = src.end(node) - 1  # before ")"
                edit = Edit(at, at, "2")
                text = "1"
            else:
                text = src.segment(value)
                edit = Edit(src.start(value), src.end(value), f"({text}) + 1")
            yield Site("semaphore-plus-one", node.lineno, f"{_callee(node)}({text}) given one more permit", (edit,))


def condition_own_lock(tree, src, kinds):
    """``Condition(lock)`` turned into ``Condition()``: it no longer shares the lock it was given."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and _callee(node) == "Condition" and len(node.args) == 1
                and not node.keywords and _key(node.args[0]) is not None):  # a lock shared by name, not a fresh one
            yield Site("condition-own-lock", node.lineno,
                       f"Condition({src.segment(node.args[0])}) given its own lock",
                       (Edit(src.start(node.args[0]), src.end(node.args[0]), ""),))


OPERATORS: dict[str, Operator] = {
    "with-removed": with_removed,
    "while-to-if": while_to_if,
    "notify_all-to-notify": notify_all_to_notify,
    "notify-dropped": _dropped("notify-dropped"),
    "release-dropped": _dropped("release-dropped"),
    "set-dropped": _dropped("set-dropped"),
    "locks-swapped": locks_swapped,
    "moved-out-of-with": moved_out_of_with,
    "rlock-to-lock": rlock_to_lock,
    "wait_for-to-wait": wait_for_to_wait,
    "timeout-dropped": timeout_dropped,
    "semaphore-plus-one": semaphore_plus_one,
    "clear-dropped": _dropped("clear-dropped"),
    "condition-own-lock": condition_own_lock,
}
