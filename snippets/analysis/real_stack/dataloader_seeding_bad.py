"""Known-bad: workers share the dataset's RNG state (no worker_init_fn)."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, Dataset

__all__ = ["make_loader"]


# --8<-- [start:bad]
def make_loader(dataset: Dataset, workers: int = 2, seed: int = 1234) -> DataLoader:
    """BAD: every worker starts from the same copy of ``dataset.rng``."""
    return DataLoader(dataset, batch_size=None, num_workers=workers,
                      generator=torch.Generator().manual_seed(seed), timeout=60)
# --8<-- [end:bad]
