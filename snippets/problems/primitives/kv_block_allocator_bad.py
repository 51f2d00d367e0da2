"""Known-bad: the reference count is decremented outside the lock.

The table is removed under the lock, but the decrement and the zero test run
after it is released. ``count -= 1`` is a read, a subtraction and a write;
two sequences that share a block and are freed at the same time can both read
2 and both write 1 (the block leaks: nobody owns it and it is never free), or
both see 0 after their decrements and both put the block on the free list
(a double free: two future sequences get the same block).
"""

from snippets.problems.primitives.kv_block_allocator import BlockAllocator


class UnlockedDecrementAllocator(BlockAllocator):
    def free(self, seq_id):
        with self._lock:
            table = self._tables.pop(seq_id)
            del self._num_tokens[seq_id]
        for block in reversed(table):
            self._refcounts[block] -= 1  # BUG: not atomic, lock not held
            if self._refcounts[block] == 0:
                with self._lock:
                    self._free.append(block)
