"""A KV-cache block allocator with reference counts and copy-on-write.

The KV cache is split into ``num_blocks`` fixed-size blocks of
``block_size`` token slots (the PagedAttention layout). Each sequence owns a
block table: the list of blocks that hold its tokens, in order. ``fork``
lets a child sequence (a beam, a parallel sample, a shared prompt) share the
parent's blocks by reference count instead of copying them; a block is copied
only when a sequence is about to write into a block it shares
(copy-on-write). A block returns to the free list when its count reaches 0.

``BlockAllocator`` is internally synchronized: every method holds one mutex
for its whole duration, so each call is atomic. No method waits for free
blocks: when there are too few it raises ``NoFreeBlocksError`` and changes
nothing, so that the scheduler can preempt or queue the request.

Invariants, checked by ``check_invariants()``: every block is either free
(count 0, on the free list once) or used (count > 0); the count of a used
block equals the number of block tables that hold it.
"""

import threading


class NoFreeBlocksError(RuntimeError):
    """Raised when a request needs more blocks than are free."""


class BlockAllocator:
    def __init__(self, num_blocks, block_size):
        for name, value in (("num_blocks", num_blocks), ("block_size", block_size)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} must be an int")
            if value < 1:
                raise ValueError(f"{name} must be at least 1")
        self.num_blocks = num_blocks
        self.block_size = block_size
        self._lock = threading.Lock()
        self._free = list(range(num_blocks - 1, -1, -1))  # pop() gives block 0 first
        self._refcounts = [0] * num_blocks
        self._tables = {}  # seq_id -> list of block ids
        self._num_tokens = {}  # seq_id -> tokens stored

    # --8<-- [start:allocate]
    def allocate(self, seq_id, num_tokens):
        """Give a new sequence enough blocks for ``num_tokens``; return its table.

        Raises ``ValueError`` if ``seq_id`` exists or ``num_tokens`` < 0, and
        ``NoFreeBlocksError`` (allocating nothing) if too few blocks are free.
        """
        if num_tokens < 0:
            raise ValueError("num_tokens must be non-negative")
        needed = -(-num_tokens // self.block_size)  # ceiling division
        with self._lock:
            if seq_id in self._tables:
                raise ValueError(f"sequence {seq_id!r} already has blocks")
            if needed > len(self._free):
                raise NoFreeBlocksError(f"need {needed} blocks, {len(self._free)} free")
            table = [self._take_free_block() for _ in range(needed)]
            self._tables[seq_id] = table
            self._num_tokens[seq_id] = num_tokens
            return list(table)

    def fork(self, parent_id, child_id):
        """Make ``child_id`` share all of ``parent_id``'s blocks; return its table.

        Raises ``KeyError`` for an unknown parent, ``ValueError`` if the child
        exists. Allocates nothing.
        """
        with self._lock:
            if child_id in self._tables:
                raise ValueError(f"sequence {child_id!r} already has blocks")
            table = list(self._tables[parent_id])
            for block in table:
                self._refcounts[block] += 1
            self._tables[child_id] = table
            self._num_tokens[child_id] = self._num_tokens[parent_id]
            return list(table)
    # --8<-- [end:allocate]

    # --8<-- [start:append]
    def append_slot(self, seq_id):
        """Reserve the slot for one more token of ``seq_id``.

        Returns None, or ``(src, dst)`` when the last block was shared and
        has been replaced by a private copy: the caller must copy the KV data
        of block ``src`` into block ``dst`` before writing the token.
        Raises ``KeyError`` for an unknown sequence and ``NoFreeBlocksError``
        (changing nothing) when a new block is needed and none is free.
        """
        with self._lock:
            table = self._tables[seq_id]
            copy = None
            if self._num_tokens[seq_id] % self.block_size == 0:
                # No table yet, or the last block is full: start a new block.
                if not self._free:
                    raise NoFreeBlocksError("need 1 block, 0 free")
                table.append(self._take_free_block())
            elif self._refcounts[table[-1]] > 1:
                # Writing into a shared block: copy on write.
                if not self._free:
                    raise NoFreeBlocksError("need 1 block for copy-on-write, 0 free")
                src = table[-1]
                dst = self._take_free_block()
                self._release_block(src)
                table[-1] = dst
                copy = (src, dst)
            self._num_tokens[seq_id] += 1
            return copy
    # --8<-- [end:append]

    # --8<-- [start:free]
    def free(self, seq_id):
        """Drop ``seq_id``'s table; blocks nobody else holds become free.

        Raises ``KeyError`` for an unknown (or already freed) sequence.
        """
        with self._lock:
            table = self._tables.pop(seq_id)
            del self._num_tokens[seq_id]
            for block in reversed(table):
                self._release_block(block)

    def _release_block(self, block):
        # Caller holds self._lock: the decrement and the zero test are one step.
        self._refcounts[block] -= 1
        if self._refcounts[block] == 0:
            self._free.append(block)
    # --8<-- [end:free]

    def _take_free_block(self):
        block = self._free.pop()
        self._refcounts[block] = 1
        return block

    def block_table(self, seq_id):
        """Return a copy of ``seq_id``'s block table."""
        with self._lock:
            return list(self._tables[seq_id])

    @property
    def num_free_blocks(self):
        with self._lock:
            return len(self._free)

    def check_invariants(self):
        """Raise AssertionError if the books do not balance."""
        with self._lock:
            owners = [0] * self.num_blocks  # mutant: equivalent moved-out-of-with -- num_blocks is assigned only in __init__
            for table in self._tables.values():
                for block in table:
                    owners[block] += 1
            assert len(self._free) == len(set(self._free)), "a block is free twice"
            used = sum(1 for count in self._refcounts if count > 0)
            assert len(self._free) + used == self.num_blocks, "leaked blocks"
            for block in self._free:
                assert self._refcounts[block] == 0, f"free block {block} in use"
            assert self._refcounts == owners, "reference counts do not match owners"
