# Stub of countdown_latch.py (tools/signatures.py): write the bodies.

class CountDownLatch:
    def __init__(self, count):
        ...

    def count_down(self):
        ...

    def await_(self, timeout=None):
        ...

    @property
    def count(self):
        ...
