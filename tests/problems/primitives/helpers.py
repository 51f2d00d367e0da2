"""Helpers specific to the primitives tests.

Real threads (``run_threads``, ``join_all``) and the freshness check of the
counterexamples shown on the pages (``check_published``) are the project's
shared helpers in ``tests/support/``.
"""

import os
import sys
from pathlib import Path

from tests.support import counterexamples

# One report per known-bad module: counterexamples/<bad module>.txt, included
# by the pages in ```text fences. Regenerate on Python 3.11 with
# UPDATE_COUNTEREXAMPLES=1 and review the diff.
COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets/problems/primitives/counterexamples"


def check_page(scenario, path, **options):
    """``check_published``, and the failure's description must be current too.

    ``check_published`` compares the report from the schedule table on. The
    lines above it say what failed (the exception, or why the history is not
    linearizable); a page must not show a stale one either. Only "found by:"
    and "replay:" depend on how the search found the failure, so only they
    are left out. (Stopgap until ``tests/support`` compares these lines.)
    """
    failure = counterexamples.check_published(scenario, path, **options)
    replayed = (os.environ.get(counterexamples.UPDATE_ENV) != "1"
                and sys.version_info[:2] == counterexamples.RECORDED_ON)
    if replayed:
        def described(text):
            return [line for line in text.splitlines() if not line.startswith(("found by:", "replay:"))]

        assert described(counterexamples.page_text(failure)) == described(Path(path).read_text()), (
            f"{path} is stale: the failure it describes differs from what racecheck now reports; "
            f"rerun the test with {counterexamples.UPDATE_ENV}=1 on Python 3.11 and review the page")
    return failure


def outcome(fn, *args, **kwargs):
    """Call fn and describe the result: ("ok", value) or ("raise", type, message)."""
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:
        return ("raise", type(exc).__name__, str(exc))
