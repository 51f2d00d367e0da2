"""KNOWN BAD: lock order follows the direction of the move.

``move(a, b)`` locks a then b; ``move(b, a)`` locks b then a. Two threads
doing both at once can each hold one lock and wait for the other forever.
"""

__all__ = ["move"]


# --8<-- [start:bug]
def move(src, dst, n):
    with src.lock:        # the order depends on the arguments...
        with dst.lock:    # ...so two opposite moves wait on each other
            taken = [src.blocks.pop() for _ in range(min(n, len(src.blocks)))]
            dst.blocks.update(taken)
            return taken
# --8<-- [end:bug]
