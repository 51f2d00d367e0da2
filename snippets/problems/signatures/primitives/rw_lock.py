# Stub of rw_lock.py (tools/signatures.py): write the bodies.

import contextlib


class RWLock:
    """Many readers or one writer; waiting writers block new readers."""

    def __init__(self):
        ...

    def acquire_read(self, blocking=True, timeout=-1):
        """Acquire for reading; wait while a writer holds or waits for the lock."""
        ...

    def release_read(self):
        ...

    def acquire_write(self, blocking=True, timeout=-1):
        """Acquire for writing; wait until no reader and no writer holds it."""
        ...

    def release_write(self):
        ...

    @property
    def writers_waiting(self):
        """The number of writers waiting to acquire (a snapshot, for metrics)."""
        ...

    @contextlib.contextmanager
    def read_locked(self):
        """``with lock.read_locked():`` holds the lock for reading."""
        ...

    @contextlib.contextmanager
    def write_locked(self):
        """``with lock.write_locked():`` holds the lock for writing."""
        ...
