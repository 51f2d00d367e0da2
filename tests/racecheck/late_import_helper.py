"""Imported for the first time *inside* a run by test_isolation.py (never
elsewhere): its module-level lock is created while threading.Lock is the
modelled one, and must keep working for ordinary threads afterwards."""

import threading

LOCK = threading.Lock()
READY = threading.Event()
count = 0


def bump():
    global count
    with LOCK:
        count += 1
