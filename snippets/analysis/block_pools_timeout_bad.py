"""KNOWN BAD: a timeout that keeps the first lock while it retries.

The timeout turns the blocking wait into a loop, but the thread still holds
``src.lock`` while it retries ``dst.lock``. Two opposite moves hold one lock
each and retry forever: the deadlock is now a livelock that burns CPU.
"""

__all__ = ["move_with_retry"]


# --8<-- [start:bug]
def move_with_retry(src, dst, n, *, timeout=0.01):
    with src.lock:
        while not dst.lock.acquire(timeout=timeout):
            pass  # retries while still holding src.lock
        try:
            taken = [src.blocks.pop() for _ in range(min(n, len(src.blocks)))]
            dst.blocks.update(taken)
            return taken
        finally:
            dst.lock.release()
# --8<-- [end:bug]
