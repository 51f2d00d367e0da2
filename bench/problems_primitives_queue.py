"""Throughput of BoundedQueue against queue.Queue, 4 producers and 4 consumers.

Every producer puts --n items into a queue of --maxsize slots; every consumer
gets until it receives a sentinel. The two queues run alternately, --repeat
times each; the median items per second is shown, and the ratio of medians.
The same measurement runs under each Python of --pythons (others through
pyenv), one tab each.

    .venv/bin/python -m bench.problems_primitives_queue [--n 10000] [--repeat 7] [--pythons 3.11 3.13]

Writes snippets/problems/primitives/figures/queue_throughput.md (included by
docs/problems/primitives/bounded-queue.md).
"""

import queue
import statistics
import threading
import time

from bench.machine import banner
from bench.output import Lines, Script, run_module_under, tabs, this_python
from snippets.problems.primitives.bounded_queue import BoundedQueue

SCRIPT = Script(
    __name__,
    outputs=["snippets/problems/primitives/figures/queue_throughput.md"],
    inputs=["snippets/problems/primitives/bounded_queue.py"],
    smoke=["--n", "300", "--repeat", "1", "--pythons", "this"],
)

PRODUCERS = CONSUMERS = 4
SENTINEL = object()


def items_per_second(make_queue, n, maxsize):
    q = make_queue(maxsize)
    start = threading.Barrier(PRODUCERS + CONSUMERS + 1)
    received = [0] * CONSUMERS

    def produce():
        put = q.put
        start.wait()
        for i in range(n):
            put(i)

    def consume(c):
        get = q.get
        start.wait()
        count = 0
        while get() is not SENTINEL:
            count += 1
        received[c] = count

    threads = [threading.Thread(target=produce) for _ in range(PRODUCERS)]
    threads += [threading.Thread(target=consume, args=(c,)) for c in range(CONSUMERS)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads[:PRODUCERS]:
        t.join()
    for _ in range(CONSUMERS):
        q.put(SENTINEL)
    for t in threads[PRODUCERS:]:
        t.join()
    elapsed = time.perf_counter() - t0
    assert sum(received) == PRODUCERS * n, "lost or duplicated items"
    return PRODUCERS * n / elapsed


def measure(args) -> Lines:
    out = Lines(echo=False)
    out(banner())
    out(f"{PRODUCERS} producers, {CONSUMERS} consumers, {args.n} items per producer, "
        f"maxsize {args.maxsize}, {args.repeat} runs each (median shown)\n")
    runs = {"queue.Queue": [], "BoundedQueue": []}
    classes = {"queue.Queue": queue.Queue, "BoundedQueue": BoundedQueue}
    for i in range(args.repeat):
        order = list(classes) if i % 2 == 0 else list(reversed(classes))  # no first-run bias
        for name in order:
            runs[name].append(items_per_second(classes[name], args.n, args.maxsize))
    medians = {name: statistics.median(r) for name, r in runs.items()}
    for name, median in medians.items():
        out(f"{name:14} {median:12,.0f} items/s")
    out(f"\nratio BoundedQueue / queue.Queue: "
        f"{medians['BoundedQueue'] / medians['queue.Queue']:.2f}")
    return out


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--n", type=int, default=10000, help="items per producer")
    ap.add_argument("--maxsize", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--pythons", nargs="+", default=["3.11", "3.13"],
                    help='Python versions to measure ("this": the running one)')
    ap.add_argument("--print-only", action="store_true", help="print this Python's result, write nothing")
    args = SCRIPT.parse_args(ap, argv)
    if args.print_only:
        print(measure(args).text(), end="")
        return
    sizes = ["--n", str(args.n), "--maxsize", str(args.maxsize), "--repeat", str(args.repeat)]
    blocks = {}
    for minor in [this_python() if p == "this" else p for p in args.pythons]:
        print(f"measuring on Python {minor} ...", flush=True)
        text = measure(args).text() if minor == this_python() else run_module_under(
            minor, SCRIPT.module, [*sizes, "--print-only"])
        print(text, flush=True)
        blocks[f"Python {minor}"] = "```text\n" + text + "```\n"
    command = f"```console\n$ {SCRIPT.command(args)}\n```\n\n"
    pythons = [line.split(":", 1)[1].strip() for b in blocks.values() for line in b.splitlines()
               if line.startswith("python:")]
    SCRIPT.write(args, command + tabs(blocks), versions="; ".join(pythons))


if __name__ == "__main__":
    main()
