"""LeetCode 1279 Traffic Light Controlled Intersection: what is special to it.

The template (test_leetcode.py, row P1279 of problems.py) runs racecheck on
three cars for every variant, the known-bad one and its published report, and
the same scenario on real threads. Here: the judge's example and many cars.
"""

import pytest

from tests.problems.leetcode.problems import P1279, Intersection
from tests.problems.leetcode.template import short
from tests.support.threads import run_threads

GOOD = P1279.good


def road_of(direction):
    return 1 if direction in (1, 2) else 2


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_leetcode_example_1_sequential(mod):
    """Cars arrive 10 time units apart: effectively one after another."""
    world = Intersection(mod.TrafficLight())
    for car, direction in zip([1, 3, 5, 2, 4], [2, 1, 2, 4, 3]):
        world.car(car, road_of(direction), direction)()
    assert world.errors == []
    assert world.log == [
        "Car 1 Has Passed Road A In Direction 2",
        "Car 3 Has Passed Road A In Direction 1",
        "Car 5 Has Passed Road A In Direction 2",
        "Traffic Light On Road B Is Green",
        "Car 2 Has Passed Road B In Direction 4",
        "Car 4 Has Passed Road B In Direction 3",
    ]


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_real_threads_many_cars(mod):
    world = Intersection(mod.TrafficLight())
    directions = [1, 3, 2, 4] * 10
    run_threads(*(world.car(i, road_of(d), d) for i, d in enumerate(directions)))
    assert world.errors == []
    assert sum("Has Passed" in line for line in world.log) == len(directions)
