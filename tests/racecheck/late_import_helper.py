"""Imported for the first time *inside* a run by test_isolation.py (never
elsewhere): its module-level lock is created while threading.Lock is the
modelled one, and must keep working for ordinary threads afterwards; the
names it binds from threading and time are the real ones after the run."""

import threading
import time
from threading import Lock as LockClass

default_timer = time.perf_counter  # as timeit binds it

LOCK = threading.Lock()
READY = threading.Event()
count = 0


def bump():
    global count
    with LOCK:
        count += 1
