"""How many useless calls a polling consumer makes while it waits.

Run from the repository root:

    .venv/bin/python bench/seed_review_polling.py [SECONDS]

A producer thread delivers one item after SECONDS (default 0.5). Meanwhile
the article's consumer calls consume() in a loop (it returns None when the
queue is empty) and the corrected consumer blocks in consume(timeout=...).
Prints the calls that returned nothing (useless calls) and the CPU time the
consumer thread burnt while it waited.
"""

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import banner  # noqa: E402
from snippets.seed_review import producer_consumer, producer_consumer_bad  # noqa: E402


def polling(window):
    pc = producer_consumer_bad.ProducerConsumer()
    threading.Timer(window, pc.produce, args=("item",)).start()
    calls = 1
    cpu = time.thread_time()
    while pc.consume() is None:
        calls += 1
    return calls, time.thread_time() - cpu


def blocking(window):
    pc = producer_consumer.ProducerConsumer()
    threading.Timer(window, pc.produce, args=("item",)).start()
    cpu = time.thread_time()
    pc.consume(timeout=window + 5)
    return 1, time.thread_time() - cpu


def main(window):
    print(banner())
    print(f"one item arrives after {window} s")
    print(f"{'consumer':26}{'useless calls':>14}{'per second':>14}{'CPU time':>12}")
    for name, fn in [("article (polling)", polling), ("corrected (blocking get)", blocking)]:
        calls, cpu = fn(window)
        useless = calls - 1  # every call but the one that got the item
        print(f"{name:26}{useless:>14,}{useless / window:>14,.0f}{cpu * 1000:>9.1f} ms")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.5)
