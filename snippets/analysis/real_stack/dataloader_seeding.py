"""DataLoader workers are processes: give each one its own random stream.

A ``Dataset`` that draws augmentations from its own RNG object (here a
``random.Random``) is copied into every worker process with the RNG's
state, so all workers draw the same numbers. PyTorch (2.13.0,
``torch/utils/data/_utils/worker.py``) seeds each worker's
*global* ``torch``, ``random`` and NumPy generators from ``base_seed +
worker_id``, not RNG objects your dataset owns; ``seed_worker`` re-seeds
the dataset's own RNG from the per-worker seed. A ``torch.Generator`` with
a fixed seed makes ``base_seed``, and so every stream, the same on every
run.
"""

from __future__ import annotations

import random

import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info

__all__ = ["AugmentedDataset", "seed_worker", "make_loader", "draws"]


# --8<-- [start:dataset]
class AugmentedDataset(Dataset):
    """Item ``i`` is ``(i, worker id, a random augmentation parameter)``."""

    def __init__(self, size: int = 16, seed: int = 0):
        self.size = size
        self.rng = random.Random(seed)  # copied, state and all, into every worker

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, i: int) -> tuple[int, int, int]:
        info = get_worker_info()
        return i, info.id if info else -1, self.rng.getrandbits(32)
# --8<-- [end:dataset]


# --8<-- [start:fix]
def seed_worker(worker_id: int) -> None:
    """worker_init_fn: give this worker's copy of the dataset its own stream."""
    info = get_worker_info()
    info.dataset.rng = random.Random(info.seed)  # info.seed = base_seed + worker_id


def make_loader(dataset: Dataset, workers: int = 2, seed: int = 1234) -> DataLoader:
    return DataLoader(
        dataset,
        batch_size=None,
        num_workers=workers,
        worker_init_fn=seed_worker,
        generator=torch.Generator().manual_seed(seed),  # fixes base_seed: reproducible runs
        timeout=60,  # a stuck worker fails the loop instead of hanging it
    )
# --8<-- [end:fix]


def draws(loader: DataLoader) -> list[tuple[int, int, int]]:
    """Every item of one epoch, as plain ints."""
    return [tuple(int(x) for x in item) for item in loader]
