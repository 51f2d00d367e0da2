# Stub of bounded_queue.py (tools/signatures.py): write the bodies.

class BoundedQueue:
    """A FIFO queue holding at most ``maxsize`` items (``maxsize <= 0``: no bound)."""

    def __init__(self, maxsize=0):
        ...

    def put(self, item, block=True, timeout=None):
        """Put ``item`` at the tail, waiting for a free slot if the queue is full.

        Raises ``Full`` if no slot frees up in time (or at once if ``block``
        is false), ``ShutDown`` if the queue is (or gets) shut down, and
        ``ValueError`` for a negative ``timeout``.
        """
        ...

    def get(self, block=True, timeout=None):
        """Remove and return the item at the head, waiting while the queue is empty.

        Raises ``Empty`` if no item arrives in time (or at once if ``block``
        is false), ``ShutDown`` if the queue is shut down and empty, and
        ``ValueError`` for a negative ``timeout``.
        """
        ...

    def put_nowait(self, item):
        """Put ``item`` if a slot is free right now, else raise ``Full``."""
        ...

    def get_nowait(self):
        """Return an item if one is available right now, else raise ``Empty``."""
        ...

    def task_done(self):
        """Mark one item returned by ``get`` as processed; may wake ``join()``.

        Raises ``ValueError`` if called more times than items were put.
        """
        ...

    def join(self):
        """Block until every item put so far has been marked done."""
        ...

    def shutdown(self, immediate=False):
        """Make later puts raise ``ShutDown``, and gets once the queue is empty.

        With ``immediate=True`` the remaining items are discarded and each
        counts as done, which may release ``join()``. Wakes every blocked
        ``put`` and ``get`` so that they re-check the state.
        """
        ...

    def qsize(self):
        """Return the number of items (a snapshot: it may be stale at once)."""
        ...

    def empty(self):
        """Return True if the queue holds no item (a snapshot)."""
        ...

    def full(self):
        """Return True if the queue is bounded and at its bound (a snapshot)."""
        ...
