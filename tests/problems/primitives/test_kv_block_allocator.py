import random

import pytest
import racecheck

from snippets.problems.primitives import kv_block_allocator, kv_block_allocator_bad
from snippets.problems.primitives.kv_block_allocator import BlockAllocator, NoFreeBlocksError
from tests.problems.primitives.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published


@pytest.mark.parametrize("args, error, message", [
    ((0, 16), ValueError, "num_blocks must be at least 1"),
    ((8, 0), ValueError, "block_size must be at least 1"),
    ((8.0, 16), TypeError, "num_blocks must be an int"),
    ((8, None), TypeError, "block_size must be an int"),
])
def test_sizes_are_validated(args, error, message):
    with pytest.raises(error, match=message):
        BlockAllocator(*args)


def test_bad_calls_raise_and_change_nothing():
    alloc = BlockAllocator(num_blocks=2, block_size=4)
    with pytest.raises(ValueError, match="num_tokens must be non-negative"):
        alloc.allocate("a", -1)
    with pytest.raises(NoFreeBlocksError, match="need 3 blocks, 2 free"):
        alloc.allocate("a", 9)
    alloc.allocate("a", 4)
    with pytest.raises(ValueError, match="already has blocks"):
        alloc.allocate("a", 1)
    with pytest.raises(ValueError, match="already has blocks"):
        alloc.fork("a", "a")
    with pytest.raises(KeyError):
        alloc.fork("nobody", "b")
    alloc.free("a")
    with pytest.raises(KeyError):
        alloc.free("a")  # freeing twice is an error, not a double free
    assert alloc.num_free_blocks == 2
    alloc.check_invariants()


def test_fork_shares_and_append_copies_on_write():
    alloc = BlockAllocator(num_blocks=4, block_size=4)
    assert alloc.allocate("parent", 6) == [0, 1]  # 4 + 2 tokens: block 1 half full
    assert alloc.fork("parent", "child") == [0, 1]
    assert alloc.num_free_blocks == 2
    # The child writes token 7 into the shared, half-full block 1: copy it.
    assert alloc.append_slot("child") == (1, 2)
    assert alloc.block_table("child") == [0, 2]
    # Block 1 now belongs to the parent alone: it writes in place.
    assert alloc.append_slot("parent") is None
    assert alloc.block_table("parent") == [0, 1]
    alloc.check_invariants()
    alloc.free("parent")
    assert alloc.num_free_blocks == 2  # block 0 is still the child's
    alloc.free("child")
    assert alloc.num_free_blocks == 4
    alloc.check_invariants()


def test_full_last_block_gets_a_new_block_without_copy():
    alloc = BlockAllocator(num_blocks=2, block_size=2)
    alloc.allocate("p", 2)
    alloc.fork("p", "c")
    assert alloc.append_slot("c") is None  # nothing shared is written
    assert alloc.block_table("c") == [0, 1] and alloc.block_table("p") == [0]
    alloc.append_slot("c")  # block 1 is full now; the next token needs a third block
    with pytest.raises(NoFreeBlocksError):
        alloc.append_slot("c")
    alloc.check_invariants()


def test_random_operations_keep_the_books_balanced():
    for seed in range(30):
        rng = random.Random(seed)
        alloc, live, next_id = BlockAllocator(8, 2), [], 0
        for _ in range(200):
            op = rng.choice(["allocate", "fork", "append", "free"])
            try:
                if op == "allocate":
                    alloc.allocate(next_id, rng.randint(0, 5))
                    live.append(next_id)
                    next_id += 1
                elif op == "fork" and live:
                    alloc.fork(rng.choice(live), next_id)
                    live.append(next_id)
                    next_id += 1
                elif op == "append" and live:
                    alloc.append_slot(rng.choice(live))
                elif op == "free" and live:
                    alloc.free(live.pop(rng.randrange(len(live))))
            except NoFreeBlocksError:
                pass
            alloc.check_invariants()
        for seq in live:
            alloc.free(seq)
        assert alloc.num_free_blocks == 8, seed


def test_stress_fork_append_free():
    """Real threads: 4 threads allocate, fork, append to and free 100
    sequences each against 64 blocks; at the end every block is free."""
    def worker(t):
        def run(alloc):
            for i in range(100):
                parent, child = (t, i, "p"), (t, i, "c")
                try:
                    alloc.allocate(parent, 5)
                except NoFreeBlocksError:
                    continue
                alloc.fork(parent, child)
                for _ in range(3):
                    try:
                        alloc.append_slot(child)
                    except NoFreeBlocksError:
                        break
                alloc.free(parent)
                alloc.free(child)
        return run

    def check(alloc):
        alloc.check_invariants()
        return alloc.num_free_blocks == 64

    racecheck.stress(lambda: BlockAllocator(num_blocks=64, block_size=4),
                     [worker(t) for t in range(4)], check, rounds=5, timeout=30,
                     name="BlockAllocator(64, 4)")


# --- controlled interleavings and linearizability (racecheck) ----------------

TARGETS = [kv_block_allocator, kv_block_allocator_bad]


def parent_and_child(cls, num_blocks=4, block_size=2, tokens=3):
    """A parent of ``tokens`` tokens and a forked child sharing its blocks."""
    def make():
        alloc = cls(num_blocks, block_size)
        alloc.allocate("parent", tokens)
        alloc.fork("parent", "child")
        return alloc
    return make


def concurrent_frees(cls):
    def check(alloc):
        alloc.check_invariants()
        return alloc.num_free_blocks == alloc.num_blocks

    return racecheck.Scenario(
        name=f"{cls.__name__}: a parent and its fork freed at once",
        setup=parent_and_child(cls),
        threads=[lambda a: a.free("parent"), lambda a: a.free("child")],
        check=check,
        targets=TARGETS,
    )


def test_racecheck_concurrent_frees_balance_the_books():
    racecheck.verify(concurrent_frees(BlockAllocator))


def test_racecheck_copy_on_write_fork_and_free():
    def check(alloc):
        alloc.check_invariants()
        return True

    racecheck.verify(racecheck.Scenario(
        name="BlockAllocator: appends to a shared block, a fork and a free at once",
        setup=parent_and_child(BlockAllocator, num_blocks=5),
        threads=[
            lambda a: a.append_slot("child"),
            lambda a: a.append_slot("parent"),
            lambda a: (a.fork("child", "grandchild"), a.free("grandchild")),
        ],
        check=check,
        targets=TARGETS,
    ))


def test_racecheck_unlocked_decrement_is_caught():
    check_published(
        concurrent_frees(kv_block_allocator_bad.UnlockedDecrementAllocator),
        COUNTEREXAMPLES / "kv_block_allocator_bad.txt", kind="invariant", strategy="exhaustive")


def allocator_model(num_blocks, block_size, setup_ops):
    """A sequential spec: replay the operations on a fresh allocator.

    The state is the tuple of operations applied so far (with their results);
    replaying them on a fresh BlockAllocator, one call at a time on one
    thread, gives the sequential behaviour. Each step checks that the
    recorded result is what that sequential replay returns.
    """
    def replay(ops):
        alloc = BlockAllocator(num_blocks, block_size)
        for op, args in setup_ops + list(ops):
            try:
                getattr(alloc, op)(*args)
            except (KeyError, ValueError, NoFreeBlocksError):
                pass
        return alloc

    def step(state, op, args, result):
        alloc = replay(state)
        try:
            expected = getattr(alloc, op)(*args)
        except (KeyError, ValueError, NoFreeBlocksError) as exc:
            expected = racecheck.Raised(type(exc).__name__)
        alloc.check_invariants()
        return result == expected, state + ((op, args),)

    return racecheck.Model(init=tuple, step=step, name="a sequential block allocator")


def test_racecheck_linearizable_against_sequential_replay():
    setup_ops = [("allocate", ("p", 3)), ("fork", ("p", "c"))]
    racecheck.lincheck(
        lambda: _replayed(3, 2, setup_ops),
        [
            [("append_slot", "c"), ("free", "c")],
            [("append_slot", "p"), ("fork", "p", "d")],
            [("allocate", "q", 2), ("block_table", "p")],
        ],
        allocator_model(3, 2, setup_ops),
        targets=[kv_block_allocator],
        name="BlockAllocator(3, 2): append, fork, allocate, free",
        rounds=30,
    )


def _replayed(num_blocks, block_size, ops):
    alloc = BlockAllocator(num_blocks, block_size)
    for op, args in ops:
        getattr(alloc, op)(*args)
    return alloc


def test_stress_the_racecheck_scenarios_on_real_threads():
    racecheck.stress_scenario(concurrent_frees(BlockAllocator), rounds=100, timeout=10)
