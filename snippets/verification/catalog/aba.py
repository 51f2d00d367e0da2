"""A free list of reusable buffer nodes, popped with compare-and-set.

The head is a (node, version) pair; every successful compare-and-set
bumps the version. A ``pop`` that read the head before other threads popped
it and pushed the same node back sees a different version and retries, so
a recycled node can never make a stale ``next`` pointer look current.
"""

import threading


class Node:
    def __init__(self, name, next=None):
        self.name = name
        self.next = next


class AtomicRef:
    """A reference with an atomic compare-and-set (as a CPU instruction would give)."""

    def __init__(self, value):
        self._value = value
        self._lock = threading.Lock()

    def get(self):
        with self._lock:  # mutant: equivalent with-removed -- one attribute read: atomic
            return self._value

    def compare_and_set(self, expected, new):
        with self._lock:
            if self._value != expected:
                return False
            self._value = new
            return True


class FreeList:
    def __init__(self, names):
        head = None
        for name in reversed(names):
            head = Node(name, head)
        self._head = AtomicRef((head, 0))

    def pop(self):
        while True:
            seen = self._head.get()
            node, version = seen
            if node is None:
                return None
            if self._head.compare_and_set(seen, (node.next, version + 1)):
                return node

    def push(self, node):
        while True:
            seen = self._head.get()
            node.next = seen[0]
            if self._head.compare_and_set(seen, (node, seen[1] + 1)):
                return

    def names(self):
        out, node = [], self._head.get()[0]
        while node is not None:
            out.append(node.name)
            node = node.next
        return out
