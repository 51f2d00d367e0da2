"""LeetCode 1279 Traffic Light Controlled Intersection, with one ``Lock``.

Contract: ``carArrived`` may be called concurrently for any cars. It blocks
while another car is crossing, then makes sure the light is green on the
car's road (calling ``turnGreen`` only if it is not green already) and lets
the car cross. The light state ``_green_road`` and the crossing are one
critical section, so a car never crosses on red, ``turnGreen`` is never
called for a road that is already green, and cars never cross concurrently
(which in particular means no two cars from different roads at once).
Initially road 1 (road A) is green.
"""

from threading import Lock
from typing import Callable


class TrafficLight:
    def __init__(self) -> None:
        self._lock = Lock()
        self._green_road = 1  # guarded by _lock

    def carArrived(
        self,
        carId: int,  # ID of the car
        roadId: int,  # ID of the road the car travels on. Can be 1 (road A) or 2 (road B)
        direction: int,  # Direction of the car
        turnGreen: "Callable[[], None]",  # Use turnGreen() to turn light to green on current road
        crossCar: "Callable[[], None]",  # Use crossCar() to make car cross the intersection
    ) -> None:
        with self._lock:
            if self._green_road != roadId:
                turnGreen()
                self._green_road = roadId
            crossCar()
