"""Admission control: at most ``limit`` requests in flight.

``admit(prompt)`` returns False for an empty prompt and otherwise counts the
request in. ``with`` releases the lock on every path: normal return, early
return and exception.
"""

import threading


class Admission:
    def __init__(self, limit):
        self.limit = limit
        self.in_flight = 0
        self.lock = threading.Lock()

    def admit(self, prompt):
        with self.lock:
            if not prompt:
                return False
            if self.in_flight >= self.limit:
                return False
            self.in_flight += 1
            return True
