"""Helpers of the LeetCode concurrency tests.

Threads with a join deadline are tests.support.threads; published failure
reports are checked by tests.support.counterexamples.check_published.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets" / "problems" / "leetcode" / "counterexamples"


def state(obj: object, **extra: object) -> SimpleNamespace:
    """Fresh shared state for one run: the object under test and an output log.

    ``out.append`` is a single C call, so it is atomic under the GIL and
    the log records the order in which the callbacks really ran.
    """
    return SimpleNamespace(obj=obj, out=[], **extra)


def published(bad_module) -> Path:
    """The failure report of ``bad_module`` that its page includes.

    Regenerate with ``UPDATE_COUNTEREXAMPLES=1 .venv/bin/pytest tests/problems/leetcode``
    on Python 3.11 and review the diff.
    """
    return COUNTEREXAMPLES / f"{bad_module.__name__.rsplit('.', 1)[-1]}.txt"
