"""One-line updates whose bytecode the runtime chapter compares across Python versions.

Each function is a single source line. Which of them is one step for other
threads is decided by the bytecode and by what the called C function does,
both details of the CPython version, not of the language.
"""

from __future__ import annotations

import dis

__all__ = ["EXAMPLES", "opnames"]


# --8<-- [start:examples]
def attr_increment(counter):
    counter.n += 1  # load, add, store: three steps


def dict_increment(d, key):
    d[key] = d.get(key, 0) + 1  # get, add, store: three steps


def list_append(lst, x):
    lst.append(x)  # one call into C: one step under the GIL


def dict_setdefault(d, key, value):
    return d.setdefault(key, value)  # one call into C: insert if missing
# --8<-- [end:examples]


EXAMPLES = [attr_increment, dict_increment, list_append, dict_setdefault]


def opnames(fn) -> list[str]:
    """The instructions of ``fn`` without the bookkeeping ones (RESUME, CACHE, NOP)."""
    skip = {"RESUME", "CACHE", "NOP", "PRECALL", "PUSH_NULL", "KW_NAMES"}
    return [ins.opname for ins in dis.get_instructions(fn) if ins.opname not in skip]
