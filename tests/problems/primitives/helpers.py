"""Helpers specific to the primitives tests.

Real threads (``run_threads``, ``join_all``) and the freshness check of the
counterexamples shown on the pages (``check_published``) are the project's
shared helpers in ``tests/support/``.
"""

from pathlib import Path

# One report per known-bad module: counterexamples/<bad module>.txt, included
# by the pages in ```text fences. Regenerate on Python 3.11 with
# UPDATE_COUNTEREXAMPLES=1 and review the diff.
COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets/problems/primitives/counterexamples"


def outcome(fn, *args, **kwargs):
    """Call fn and describe the result: ("ok", value) or ("raise", type, message)."""
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:
        return ("raise", type(exc).__name__, str(exc))
