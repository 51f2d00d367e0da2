"""Shared helpers for the primitives tests (real threads, never hang)."""

import threading

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
