"""How many useless calls a polling consumer makes while it waits.

Run from the repository root:

    .venv/bin/python -m bench.seed_review_polling [--window SECONDS]

A producer thread delivers one item after SECONDS (default 0.5). Meanwhile
the article's consumer calls consume() in a loop (it returns None when the
queue is empty) and the corrected consumer blocks in consume(timeout=...).
Prints the calls that returned nothing (useless calls) and the CPU time the
consumer thread burnt while it waited, also as a share of the wait.

Writes snippets/seed_review/figures/polling.md (included by
docs/seed-review/coding-answers.md).
"""

import threading
import time

from bench.machine import banner
from bench.output import Lines, Script
from snippets.seed_review import producer_consumer, producer_consumer_bad

SCRIPT = Script(
    __name__,
    outputs=["snippets/seed_review/figures/polling.md"],
    inputs=["snippets/seed_review/producer_consumer.py", "snippets/seed_review/producer_consumer_bad.py"],
    smoke=["--window", "0.05"],
)


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


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--window", type=float, default=0.5, help="seconds until the item arrives")
    args = SCRIPT.parse_args(ap, argv)
    window = args.window
    out = Lines()
    out(banner())
    out(f"one item arrives after {window} s")
    out(f"{'consumer':26}{'useless calls':>14}{'per second':>14}{'CPU time':>12}{'CPU / wait':>12}")
    for name, fn in [("article (polling)", polling), ("corrected (blocking get)", blocking)]:
        calls, cpu = fn(window)
        useless = calls - 1  # every call but the one that got the item
        out(f"{name:26}{useless:>14,}{useless / window:>14,.0f}{cpu * 1000:>9.1f} ms{cpu / window:>12.0%}")
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)))


if __name__ == "__main__":
    main()
