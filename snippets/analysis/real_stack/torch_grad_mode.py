"""PyTorch grad mode is thread-local: set it in the thread that runs the model.

``torch.no_grad()`` and ``torch.inference_mode()`` change a flag of the
*calling thread* (PyTorch 2.13.0 documents both as thread-local, and the
tests here check it on that release, CPU). A thread pool's
worker never sees the caller's ``no_grad``: run there, a model records an
autograd graph (and keeps its activations alive) for every request. Here the
worker enters ``inference_mode`` itself, so every output it returns is a
plain tensor.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

import torch

__all__ = ["grad_mode_in_new_thread", "InferencePool"]


# --8<-- [start:probe]
def grad_mode_in_new_thread() -> dict[str, bool]:
    """Grad mode as seen by the caller inside ``no_grad`` and by a thread it starts."""
    seen: dict[str, bool] = {}

    def worker() -> None:
        seen["worker thread"] = torch.is_grad_enabled()

    with torch.no_grad():
        seen["caller, inside no_grad"] = torch.is_grad_enabled()
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    return seen
# --8<-- [end:probe]


# --8<-- [start:pool]
class InferencePool:
    """Runs ``model(x)`` on worker threads, never recording autograd graphs.

    ``submit`` may be called from any thread. The model itself must be safe
    to call concurrently (a forward pass that only reads its parameters is).
    """

    def __init__(self, model: Callable[[torch.Tensor], torch.Tensor], workers: int = 2):
        self._model = model
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="infer")

    def _run(self, x: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():  # this thread's flag: the caller's does not reach here
            return self._model(x)

    def submit(self, x: torch.Tensor) -> Future:
        return self._pool.submit(self._run, x)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
# --8<-- [end:pool]
