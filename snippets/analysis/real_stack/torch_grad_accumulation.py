"""Several threads call backward() on losses that share one leaf tensor.

PyTorch's autograd engine locks ``AccumulateGrad`` with a mutex (PyTorch
2.13.0: the "Thread Safety on Autograd Node" note and
``torch/csrc/autograd/functions/accumulate_grad.cpp``; measured on that
release, CPU), so no contribution is lost: the
final ``.grad`` is the sum over every thread's backward calls. What is not
per thread is the ``.grad`` itself: a thread that reads it after its own
``backward()`` sees whatever the other threads have added so far. To get
one thread's gradient, compute it with ``torch.autograd.grad`` (which does
not touch ``.grad``) and reduce the results in one place.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import torch

__all__ = ["AccumulationResult", "backward_from_threads", "per_thread_gradients"]

JOIN_TIMEOUT = 60.0


@dataclass(frozen=True)
class AccumulationResult:
    grad: torch.Tensor          # the shared leaf's .grad after all threads joined
    expected: torch.Tensor      # the sum of every call's gradient, computed serially
    foreign_reads: int          # reads of .grad, right after one's own backward, that
                                # included another thread's contribution
    reads: int


def _run(threads: int, body) -> None:
    start = threading.Barrier(threads)

    def worker(t: int) -> None:
        start.wait()
        body(t)

    workers = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(JOIN_TIMEOUT)
    if any(w.is_alive() for w in workers):
        raise RuntimeError(f"threads still running after {JOIN_TIMEOUT} s")


# --8<-- [start:shared_grad]
def backward_from_threads(threads: int = 4, steps: int = 200, size: int = 1024) -> AccumulationResult:
    """Thread ``t`` calls ``((t + 1) * w).sum().backward()`` ``steps`` times on one leaf ``w``.

    float64 and small integer gradients make every sum exact, so a lost
    or doubled contribution would show as a difference, not as rounding.
    """
    w = torch.zeros(size, dtype=torch.float64, requires_grad=True)
    reads = foreign = 0
    lock = threading.Lock()

    def body(t: int) -> None:
        nonlocal reads, foreign
        mine = 0.0
        for _ in range(steps):
            ((t + 1) * w).sum().backward()
            mine += t + 1
            seen = w.grad[0].item()  # the shared .grad, not this thread's gradient
            with lock:
                reads += 1
                foreign += seen != mine

    _run(threads, body)
    total = steps * sum(t + 1 for t in range(threads))
    return AccumulationResult(w.grad.detach().clone(), torch.full((size,), float(total),
                              dtype=torch.float64), foreign, reads)
# --8<-- [end:shared_grad]


# --8<-- [start:per_thread]
def per_thread_gradients(threads: int = 4, steps: int = 200, size: int = 1024) -> list[torch.Tensor]:
    """Each thread's own gradient sum, via torch.autograd.grad; ``w.grad`` stays None."""
    w = torch.zeros(size, dtype=torch.float64, requires_grad=True)
    sums: list[torch.Tensor | None] = [None] * threads  # slot t is written by thread t only

    def body(t: int) -> None:
        acc = torch.zeros(size, dtype=torch.float64)
        for _ in range(steps):
            (g,) = torch.autograd.grad(((t + 1) * w).sum(), [w])
            acc += g
        sums[t] = acc

    _run(threads, body)
    assert w.grad is None
    return sums  # reduce in one thread: sum(sums) is the same total as above
# --8<-- [end:per_thread]
