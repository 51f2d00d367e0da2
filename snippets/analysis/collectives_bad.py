"""KNOWN BAD: a rank with no data skips the all-reduce.

Collectives are matched by position, not by step number: rank 1's next
all-reduce pairs with rank 0's current one, the two ranks average gradients
of different steps without any error, and rank 0's last all-reduce waits
for a partner that never comes, until the process group's timeout.

    python -m snippets.analysis.collectives_bad
"""

from snippets.analysis.collectives import STEPS, gradient, has_data, main

__all__ = ["train_steps"]


# --8<-- [start:bug]
def train_steps(rank, log):
    import torch.distributed as dist

    for step in range(STEPS):
        if not has_data(rank, step):
            continue  # "nothing to do" -- but the other ranks still all-reduce
        grad = gradient(rank, step)
        dist.all_reduce(grad)
        log(f"rank {rank} step {step}: all_reduce -> {grad[0].item():g}")
# --8<-- [end:bug]


if __name__ == "__main__":
    main(__spec__.name)
