"""Paged KV-cache blocks with reference counts and copy-on-write.

A toy version of the block manager described in the PagedAttention paper
(Kwon et al., SOSP 2023): a sequence's KV cache is a *block table*, a list
of fixed-size physical blocks from a shared pool. Forking a sequence (parallel
sampling, beam search, a shared prompt prefix) copies the table and bumps
each block's reference count instead of copying data. The first write into a
block whose count is above one copies that block first (copy-on-write).

Token ids stand in for the key/value tensors.

Threading contract: *not* internally synchronized. The pool and the tables
are owned by one scheduler loop (thread confinement); reference counts are
plain integers because nothing else touches them. Calling these methods from
several threads without an external lock is a bug.
"""

from __future__ import annotations

from collections import deque


class NoFreeBlocks(RuntimeError):
    """The pool is exhausted; the scheduler must preempt or wait."""


# --8<-- [start:pool]
class KVBlockPool:
    """A fixed pool of blocks, each holding up to `block_size` tokens."""

    def __init__(self, num_blocks: int, block_size: int) -> None:
        self.block_size = block_size
        self._free = deque(range(num_blocks))
        self._refs = [0] * num_blocks
        self._data: list[list[int]] = [[] for _ in range(num_blocks)]

    def allocate(self) -> int:
        if not self._free:
            raise NoFreeBlocks("no free KV blocks")
        block = self._free.popleft()
        self._refs[block] = 1
        self._data[block] = []
        return block

    def incref(self, block: int) -> None:
        self._refs[block] += 1

    def decref(self, block: int) -> None:
        self._refs[block] -= 1
        if self._refs[block] == 0:  # last user gone: the block is reusable
            self._free.append(block)

    def ref_count(self, block: int) -> int:
        return self._refs[block]

    def num_free(self) -> int:
        return len(self._free)

    def data(self, block: int) -> list[int]:
        return self._data[block]
# --8<-- [end:pool]


# --8<-- [start:table]
class BlockTable:
    """One sequence's view of the cache: an ordered list of block ids."""

    def __init__(self, pool: KVBlockPool, blocks: list[int] | None = None) -> None:
        self.pool = pool
        self.blocks = blocks if blocks is not None else []

    def append(self, token: int) -> None:
        pool = self.pool
        last = self.blocks[-1] if self.blocks else None
        if last is None or len(pool.data(last)) == pool.block_size:
            self.blocks.append(pool.allocate())  # start a fresh block
        elif pool.ref_count(last) > 1:
            # Copy-on-write: another sequence still reads this block.
            copy = pool.allocate()
            pool.data(copy).extend(pool.data(last))
            pool.decref(last)
            self.blocks[-1] = copy
        pool.data(self.blocks[-1]).append(token)

    def fork(self) -> "BlockTable":
        """Share every block with a new sequence: O(blocks), no data copied."""
        for block in self.blocks:
            self.pool.incref(block)
        return BlockTable(self.pool, list(self.blocks))

    def free(self) -> None:
        for block in self.blocks:
            self.pool.decref(block)
        self.blocks = []

    def tokens(self) -> list[int]:
        return [t for block in self.blocks for t in self.pool.data(block)]
# --8<-- [end:table]
