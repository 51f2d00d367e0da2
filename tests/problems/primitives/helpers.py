"""Shared helpers for the primitives tests (real threads, never hang)."""

import os
import sys
import threading
from pathlib import Path

JOIN_TIMEOUT = 10.0


def run_threads(targets, timeout=JOIN_TIMEOUT):
    """Run each callable in its own thread; return their results in order.

    Fails (never hangs) if a thread is still running after ``timeout``
    seconds; re-raises the first exception a thread raised.
    """
    results = [None] * len(targets)
    errors = []

    def wrap(i, fn):
        try:
            results[i] = fn()
        except BaseException as exc:  # reported to the test below
            errors.append(exc)

    threads = [
        threading.Thread(target=wrap, args=(i, fn), daemon=True)
        for i, fn in enumerate(targets)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    stuck = [t.name for t in threads if t.is_alive()]
    assert not stuck, f"threads still running after {timeout}s: {stuck}"
    if errors:
        raise errors[0]
    return results


def outcome(fn, *args, **kwargs):
    """Call fn and describe the result: ("ok", value) or ("raise", type, message)."""
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:
        return ("raise", type(exc).__name__, str(exc))


# --- counterexamples shown on the pages ------------------------------------

COUNTEREXAMPLES = Path(__file__).resolve().parents[3] / "snippets/problems/primitives/counterexamples"
REGENERATE = os.environ.get("UPDATE_COUNTEREXAMPLES") == "1"
# The pages show schedules found on this Python version (the project's venv):
# bytecode, and so the schedule, differs between versions.
COUNTEREXAMPLE_PYTHON = (3, 11)


def page_text(failure):
    """The failure report as the page shows it: summary, schedule, and for a
    deadlock where each thread stopped. The traceback (absolute paths) is left
    out; the summary already names the exception."""
    return failure.message.split("\nTraceback:", 1)[0].rstrip() + "\n"


def expect_counterexample(scenario, bad_module, kind, strategy="exhaustive", **options):
    """``racecheck.expect_failure`` for a known-bad module, plus a freshness check.

    The default strategy is the preemption-bounded exhaustive search: it is
    deterministic and finds a schedule with few preemptions, which reads best
    on a page. The failure report must equal the file the page includes
    (``counterexamples/<bad module>.txt``); with ``UPDATE_COUNTEREXAMPLES=1``
    the file is rewritten instead.
    """
    import racecheck

    failure = racecheck.expect_failure(scenario, kind=kind, strategy=strategy, **options)
    name = bad_module.__name__.rsplit(".", 1)[-1]
    path = COUNTEREXAMPLES / f"{name}.txt"
    text = page_text(failure)
    if REGENERATE:
        path.write_text(text)
    elif sys.version_info[:2] != COUNTEREXAMPLE_PYTHON or os.environ.get("RACECHECK_SEED", "0") != "0":
        pass  # other bytecode or other seeds find other (equally valid) schedules
    else:
        shown = path.read_text() if path.exists() else ""
        assert shown == text, (
            f"{path} is stale: the harness now reports\n{text}\n"
            "Re-run with UPDATE_COUNTEREXAMPLES=1 and review the page text."
        )
    return failure
