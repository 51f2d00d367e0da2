"""LeetCode 1279 Traffic Light Controlled Intersection: what is special to it.

The template (test_leetcode.py, row P1279 of problems.py) runs racecheck on
three cars for every variant, the known-bad one and its published report, and
the same scenario on real threads. Here: the judge's example and many cars.
"""

import threading

import pytest
import racecheck

from snippets.problems.leetcode import p1279_traffic_light_condition as condition_light
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


def test_condition_version_wakes_every_waiting_car_of_the_new_green_road():
    """The Condition version lets the cars of the green road cross at once
    (its contract), the cars that waited for the light to turn included.
    Car 1 crosses road A; cars 2 and 3 of road B each finish crossing only
    while the other is crossing too, so both must be woken when road A
    empties: one woken car would wait for the other forever."""
    def setup():
        return {"light": condition_light.TrafficLight(), "log": [],
                "inside": {2: threading.Event(), 3: threading.Event()}}

    def car(car_id, road):
        def arrive(s):
            def cross():
                if road == 2:
                    s["inside"][car_id].set()
                    s["inside"][5 - car_id].wait()
                s["log"].append(car_id)
            s["light"].carArrived(car_id, road, 1 if road == 1 else 3,
                                  lambda: s["log"].append(f"green {road}"), cross)
        return arrive

    racecheck.verify(racecheck.Scenario(
        name="p1279 condition: two cars wait for road B, which must cross together",
        setup=setup,
        threads=[car(1, 1), car(2, 2), car(3, 2)],
        check=lambda s: sorted(x for x in s["log"] if isinstance(x, int)) == [1, 2, 3],
        targets=[condition_light],
    ))
