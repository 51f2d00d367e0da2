"""Known bad: the lock is released on one path only.

The early return for an empty prompt skips ``release()``: the lock stays
held, and the next request blocks forever.
"""

import threading


class Admission:
    def __init__(self, limit):
        self.limit = limit
        self.in_flight = 0
        self.lock = threading.Lock()

    def admit(self, prompt):
        self.lock.acquire()
        if not prompt:
            return False  # returns with the lock still held
        admitted = self.in_flight < self.limit
        if admitted:
            self.in_flight += 1
        self.lock.release()
        return admitted
