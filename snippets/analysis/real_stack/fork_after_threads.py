"""Why fork after starting threads is dangerous, shown safely.

``os.fork()`` copies the whole address space but only the calling thread.
A lock that another thread held at that instant is copied *locked*, and
the thread that would release it does not exist in the child. The child
here tries that lock with a timeout (a real program would block forever)
and reports back through a pipe; the parent waits for it with a deadline
and kills it if needed.
"""

from __future__ import annotations

import os
import signal
import threading
import time

__all__ = ["fork_while_another_thread_holds_a_lock"]

DEADLINE = 10.0


# --8<-- [start:demo]
def fork_while_another_thread_holds_a_lock(try_for: float = 0.2) -> dict[str, object]:
    lock = threading.Lock()
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with lock:  # e.g. a logging handler, an allocator, a library's pool
            held.set()
            release.wait(DEADLINE)

    thread = threading.Thread(target=holder, daemon=True)
    thread.start()
    held.wait(DEADLINE)  # mutant: equivalent timeout-dropped -- the holder's first step under its fresh, uncontended lock is held.set(); a thread that cannot start raises in start() above
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: only the forking thread was copied
        try:
            got = lock.acquire(timeout=try_for)
            report = f"{threading.active_count()} thread(s); lock acquired: {got}"
            os.write(write_end, report.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    release.set()
    thread.join(DEADLINE)
    child = _wait(pid)
    with os.fdopen(read_end, "rb") as pipe:
        report = pipe.read().decode()
    return {
        "parent: lock free again after the holder released it": lock.acquire(timeout=1),  # mutant: equivalent timeout-dropped -- the holder leaves its with block once release.set() above has run (or its DEADLINE has passed), so an untimed acquire() returns, True, as the timed one does
        "child": report,
        "child exit": child,
    }
# --8<-- [end:demo]


def _wait(pid: int) -> str:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return f"exit status {os.waitstatus_to_exitcode(status)}"
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return f"killed after {DEADLINE} s"
