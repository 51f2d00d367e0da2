"""Known-bad: the caller's ``torch.no_grad()`` does not reach the pool's threads (PyTorch 2.13.0)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

import torch

__all__ = ["InferencePool"]


# --8<-- [start:bad]
class InferencePool:
    """BAD: ``no_grad`` is entered in the submitting thread, not the worker."""

    def __init__(self, model: Callable[[torch.Tensor], torch.Tensor], workers: int = 2):
        self._model = model
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="infer")

    def submit(self, x: torch.Tensor) -> Future:
        with torch.no_grad():  # affects only this thread; the worker records a graph
            return self._pool.submit(self._model, x)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
# --8<-- [end:bad]
