"""KNOWN-BAD LeetCode 1279: the lock covers the switch but not the decision.

The car reads the light without the lock and locks only to flip it. Between
the read and the crossing, a car from the other road can turn its own road
green: the first car then crosses on red, or two cars turn the same road
green twice.
"""

from threading import Lock
from typing import Callable


class TrafficLight:
    def __init__(self) -> None:
        self._lock = Lock()
        self._green_road = 1

    def carArrived(
        self,
        carId: int,
        roadId: int,
        direction: int,
        turnGreen: "Callable[[], None]",
        crossCar: "Callable[[], None]",
    ) -> None:
        if self._green_road != roadId:  # BUG: check outside the lock ...
            with self._lock:
                turnGreen()
                self._green_road = roadId
        crossCar()  # ... and the crossing too
