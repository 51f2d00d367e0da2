# Stub of p1188_bounded_blocking_queue_condition.py (tools/signatures.py): write the bodies.

class BoundedBlockingQueue(object):
    def __init__(self, capacity: int) -> None:
        ...

    def enqueue(self, element: int) -> None:
        ...

    def dequeue(self) -> int:
        ...

    def size(self) -> int:
        ...
