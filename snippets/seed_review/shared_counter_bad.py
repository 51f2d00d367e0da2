"""KNOWN-BAD: the shared counter without its lock.

``self.value += n`` is a read, an addition and a write (several bytecodes).
If another thread's ``add`` runs between this thread's read and write, one
update is lost. The GIL does not prevent it: it keeps the interpreter's
memory safe, not this sequence atomic. The process never crashes; the count
is simply wrong.
"""


class SharedCounter:
    def __init__(self):
        self.value = 0

    def add(self, n=1):
        self.value += n  # read-modify-write, unprotected
