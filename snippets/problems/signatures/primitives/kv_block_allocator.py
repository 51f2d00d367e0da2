# Stub of kv_block_allocator.py (tools/signatures.py): write the bodies.

class NoFreeBlocksError(RuntimeError):
    """Raised when a request needs more blocks than are free."""


class BlockAllocator:
    def __init__(self, num_blocks, block_size):
        ...

    def allocate(self, seq_id, num_tokens):
        """Give a new sequence enough blocks for ``num_tokens``; return its table.

        Raises ``ValueError`` if ``seq_id`` exists or ``num_tokens`` < 0, and
        ``NoFreeBlocksError`` (allocating nothing) if too few blocks are free.
        """
        ...

    def fork(self, parent_id, child_id):
        """Make ``child_id`` share all of ``parent_id``'s blocks; return its table.

        Raises ``KeyError`` for an unknown parent, ``ValueError`` if the child
        exists. Allocates nothing.
        """
        ...

    def append_slot(self, seq_id):
        """Reserve the slot for one more token of ``seq_id``.

        Returns None, or ``(src, dst)`` when the last block was shared and
        has been replaced by a private copy: the caller must copy the KV data
        of block ``src`` into block ``dst`` before writing the token.
        Raises ``KeyError`` for an unknown sequence and ``NoFreeBlocksError``
        (changing nothing) when a new block is needed and none is free.
        """
        ...

    def free(self, seq_id):
        """Drop ``seq_id``'s table; blocks nobody else holds become free.

        Raises ``KeyError`` for an unknown (or already freed) sequence.
        """
        ...

    def block_table(self, seq_id):
        """Return a copy of ``seq_id``'s block table."""
        ...

    @property
    def num_free_blocks(self):
        ...

    def check_invariants(self):
        """Raise AssertionError if the books do not balance."""
        ...
