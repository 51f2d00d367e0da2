import pytest

from snippets.interview.serving.kv_blocks import BlockTable, KVBlockPool, NoFreeBlocks


def prompt(pool, tokens):
    table = BlockTable(pool)
    for t in tokens:
        table.append(t)
    return table


def test_fork_shares_blocks_without_copying():
    pool = KVBlockPool(num_blocks=8, block_size=4)
    parent = prompt(pool, range(6))  # one full block + one half-full block
    child = parent.fork()
    assert child.blocks == parent.blocks
    assert all(pool.ref_count(b) == 2 for b in parent.blocks)
    assert pool.num_free() == 6


def test_first_write_into_a_shared_block_copies_only_that_block():
    pool = KVBlockPool(num_blocks=8, block_size=4)
    parent = prompt(pool, range(6))
    child = parent.fork()
    child.append(100)
    parent.append(200)
    assert parent.tokens() == [0, 1, 2, 3, 4, 5, 200]
    assert child.tokens() == [0, 1, 2, 3, 4, 5, 100]
    assert child.blocks[0] == parent.blocks[0]  # the full prefix block is still shared
    assert pool.ref_count(parent.blocks[0]) == 2
    assert child.blocks[1] != parent.blocks[1]
    # The last writer found its block unshared again and wrote in place.
    assert pool.ref_count(parent.blocks[1]) == pool.ref_count(child.blocks[1]) == 1


def test_freeing_every_sequence_returns_every_block():
    pool = KVBlockPool(num_blocks=6, block_size=2)
    a = prompt(pool, range(5))
    b = a.fork()
    c = b.fork()
    for t, tok in ((a, 1), (b, 2), (c, 3)):
        t.append(tok)
    for t in (a, b, c):
        t.free()
    assert pool.num_free() == 6


def test_exhausted_pool_raises_instead_of_overwriting():
    pool = KVBlockPool(num_blocks=2, block_size=2)
    table = prompt(pool, range(4))
    with pytest.raises(NoFreeBlocks):
        table.append(4)
    assert table.tokens() == [0, 1, 2, 3]
