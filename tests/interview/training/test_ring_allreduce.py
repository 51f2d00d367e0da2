import random

import pytest

from snippets.interview.training.ring_allreduce import ring_allreduce


@pytest.mark.parametrize("ranks", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("length", [1, 5, 12, 29])
def test_every_rank_ends_with_the_elementwise_sum(ranks, length):
    rng = random.Random(ranks * 100 + length)
    buffers = [[rng.randint(-50, 50) for _ in range(length)] for _ in range(ranks)]
    result, _ = ring_allreduce(buffers)
    expected = [sum(col) for col in zip(*buffers)]
    assert all(r == expected for r in result)


def test_float_results_are_bitwise_identical_across_ranks():
    rng = random.Random(7)
    buffers = [[rng.uniform(-1, 1) * 10 ** rng.randint(-8, 8) for _ in range(64)] for _ in range(5)]
    result, _ = ring_allreduce(buffers)
    assert all(r == result[0] for r in result)  # same bits on every rank


def test_each_rank_sends_2_n_minus_1_over_n_of_the_vector():
    for ranks in (2, 4, 8):
        length = ranks * 10
        _, sent = ring_allreduce([[1.0] * length for _ in range(ranks)])
        assert sent == 2 * (ranks - 1) * length // ranks


def test_inputs_are_not_mutated_and_bad_shapes_are_rejected():
    buffers = [[1, 2], [3, 4]]
    ring_allreduce(buffers)
    assert buffers == [[1, 2], [3, 4]]
    with pytest.raises(ValueError):
        ring_allreduce([[1, 2], [3]])
    with pytest.raises(ValueError):
        ring_allreduce([])


def test_traffic_per_rank_grows_with_n_but_stays_below_twice_the_vector():
    length = 8 * 7 * 5 * 3  # divisible by every rank count below
    fractions = []
    for ranks in (2, 3, 4, 5, 7, 8):
        _, sent = ring_allreduce([[1.0] * length for _ in range(ranks)])
        fractions.append(sent / length)
    assert fractions == sorted(fractions) and len(set(fractions)) == len(fractions)  # not independent of N
    assert fractions[0] == 1.0 and all(f < 2.0 for f in fractions)  # bounded by 2x the data
