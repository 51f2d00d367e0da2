"""Ring all-reduce, simulated step by step in one process.

`ring_allreduce(buffers)` takes one equal-length vector per rank and returns
what every rank holds afterwards (the element-wise sum) plus how many values
each rank sent. Nothing here is shared between ranks: each rank owns its
buffer and ranks only exchange messages, which is why data-parallel training
needs no lock around the weights.

The algorithm is the one NCCL and Gloo use for large messages:

1. reduce-scatter, N-1 steps: each rank passes one chunk to its right-hand
   neighbour, which adds it to its own copy; afterwards rank r owns the
   complete sum of chunk (r + 1) % N;
2. all-gather, N-1 steps: the completed chunks travel once more around the
   ring and overwrite the partial ones.

Every rank sends 2 * (N - 1) / N of the vector: that grows with N but stays
below twice the vector, and every rank sends the same amount, which is why
ring all-reduce scales (the number of steps, 2 * (N - 1), is what grows).
Each chunk's sum is computed once and then copied, so all ranks end
bit-for-bit identical, even with floats.
"""

from __future__ import annotations


def _chunk_bounds(length: int, parts: int) -> list[tuple[int, int]]:
    """Split range(length) into `parts` contiguous, nearly equal chunks."""
    base, extra = divmod(length, parts)
    bounds, start = [], 0
    for i in range(parts):
        end = start + base + (1 if i < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds


# --8<-- [start:ring]
def ring_allreduce(buffers: list[list[float]]) -> tuple[list[list[float]], int]:
    """Return (buffers after all-reduce, values sent by each rank)."""
    n = len(buffers)
    if n == 0 or len({len(b) for b in buffers}) != 1:
        raise ValueError("need at least one rank and equal-length buffers")
    data = [list(b) for b in buffers]  # each rank's private copy
    if n == 1:
        return data, 0
    chunks = _chunk_bounds(len(data[0]), n)
    sent = 0  # values sent by rank 0 (every rank sends the same amount)

    # Reduce-scatter: in step s, rank r sends chunk (r - s) % n to rank r + 1.
    for step in range(n - 1):
        messages = []
        for rank in range(n):
            lo, hi = chunks[(rank - step) % n]
            messages.append((rank, lo, hi, data[rank][lo:hi]))
        for rank, lo, hi, payload in messages:  # all sends of a step happen "at once"
            dst = data[(rank + 1) % n]
            dst[lo:hi] = [a + b for a, b in zip(dst[lo:hi], payload)]
        sent += len(messages[0][3])

    # All-gather: rank r now owns the full sum of chunk (r + 1) % n; pass it on.
    for step in range(n - 1):
        messages = []
        for rank in range(n):
            lo, hi = chunks[(rank + 1 - step) % n]
            messages.append((rank, lo, hi, data[rank][lo:hi]))
        for rank, lo, hi, payload in messages:
            data[(rank + 1) % n][lo:hi] = payload
        sent += len(messages[0][3])
    return data, sent
# --8<-- [end:ring]
