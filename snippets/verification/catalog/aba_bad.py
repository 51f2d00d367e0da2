"""Known bad: ABA on a recycled node.

``pop`` reads head A and its next B, then stalls. Another thread pops A,
pops B and pushes A back (nodes are reused). The head is A again, so the
stalled compare-and-set succeeds and installs B, a node that is no longer
in the list: B is handed out twice.
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
        with self._lock:
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
        self._head = AtomicRef(head)

    def pop(self):
        while True:
            node = self._head.get()
            if node is None:
                return None
            if self._head.compare_and_set(node, node.next):  # same node != same list
                return node

    def push(self, node):
        while True:
            head = self._head.get()
            node.next = head
            if self._head.compare_and_set(head, node):
                return

    def names(self):
        out, node = [], self._head.get()
        while node is not None:
            out.append(node.name)
            node = node.next
        return out
