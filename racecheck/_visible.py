"""Which bytecodes another thread could tell apart from their neighbours.

An instruction that only touches its own frame (``LOAD_FAST``, ``STORE_FAST``,
``LOAD_CONST``, jumps, stack shuffles) cannot be observed by another thread.
Between two visible instructions, a switch before any of the frame-local
ones in between leads to the same states (the thread runs the same
frame-local work either way before anything shared happens), the reduction
behind partial-order and preemption-bounded search. So the random
strategies choose only at the first switch point after a visible
instruction (or after a primitive operation, or on entering other code):
every bytecode stays a switch point (the trace, step numbers and explicit
schedules still count them all), but a random walk throws no coin before
the rest, and PCT places its priority changes among these choice points.
Each run is cheaper (fewer real thread hand-offs), a bug that needs a
preemption in a short window is likelier per run, and a report shows a
thread stopped right after the read or write that matters.

Conservative: anything that reads or writes an object another thread may
hold (attributes, globals, subscripts, closure cells, iteration, calls,
comparisons and truth tests that may run ``__eq__``/``__bool__``/``__len__``,
imports, yields and returns) is visible. Only pure frame-local instructions
are listed below.
"""

from __future__ import annotations

import dis
import sys

_LOCAL_ONLY = [
    "NOP", "RESUME", "CACHE", "EXTENDED_ARG",
    "LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR", "LOAD_FAST_LOAD_FAST",
    "LOAD_CONST", "STORE_FAST", "STORE_FAST_LOAD_FAST", "STORE_FAST_STORE_FAST",
    "STORE_FAST_MAYBE_NULL", "DELETE_FAST",
    "POP_TOP", "PUSH_NULL", "COPY", "SWAP", "KW_NAMES", "PRECALL",
    "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP", "JUMP_NO_INTERRUPT",
    "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE",
    "POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE",
    "IS_OP", "BUILD_TUPLE", "BUILD_LIST", "BUILD_SLICE",
    "LOAD_CLOSURE", "MAKE_CELL", "COPY_FREE_VARS",
    "MAKE_FUNCTION", "SET_FUNCTION_ATTRIBUTE", "LOAD_ASSERTION_ERROR",
    "PUSH_EXC_INFO", "POP_EXCEPT", "END_FOR",
]
if sys.version_info >= (3, 13):
    # 3.13 tests truth in TO_BOOL (visible: it may call __bool__/__len__);
    # the jumps then only look at an exact bool.
    _LOCAL_ONLY += ["POP_JUMP_IF_TRUE", "POP_JUMP_IF_FALSE"]

LOCAL_ONLY = frozenset(dis.opmap[name] for name in _LOCAL_ONLY if name in dis.opmap)


def table(code) -> bytes:
    """One byte per bytecode offset of `code`: 1 where the instruction is visible."""
    raw = code.co_code
    flags = bytearray(len(raw))
    for i in range(0, len(raw), 2):
        if raw[i] not in LOCAL_ONLY:
            flags[i] = 1
    return bytes(flags)
