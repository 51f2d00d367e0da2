"""The real (unpatched) primitives the harness itself runs on.

Captured when racecheck is imported, before any patching, so the scheduler's
own waits keep working while `threading` and `time` are replaced inside a run.
"""

import _queue
import _thread
import threading
import time

allocate_lock = _thread.allocate_lock
start_new_thread = _thread.start_new_thread
get_ident = _thread.get_ident
get_native_id = _thread.get_native_id

monotonic = time.monotonic
perf_counter = time.perf_counter
# The search budget's clock: CPU time of this process, i.e. work done. A
# machine loaded by other processes runs the same schedules, only slower.
process_time = time.process_time
sleep = time.sleep

Lock = threading.Lock
RLock = threading.RLock
Condition = threading.Condition
Event = threading.Event
Semaphore = threading.Semaphore
BoundedSemaphore = threading.BoundedSemaphore
Barrier = threading.Barrier

LOCK_TYPE = type(allocate_lock())
RLOCK_TYPE = type(threading.RLock())


SimpleQueue = _queue.SimpleQueue
