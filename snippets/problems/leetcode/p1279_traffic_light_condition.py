"""LeetCode 1279 Traffic Light Controlled Intersection, with a ``Condition``:
cars on the green road cross concurrently.

Contract: as for the Lock version, except that any number of cars on the
green road may be inside ``crossCar`` at the same time. ``_green_road`` and
``_crossing`` (cars now crossing, all on the green road) are guarded by the
condition's lock. A car on the red road blocks until nobody is crossing,
then turns its road green. ``crossCar`` runs outside the lock.

Not fair: a steady stream of cars on the green road can keep the red road
waiting forever (starvation); the problem only asks for safety and no
deadlock.
"""

from threading import Condition
from typing import Callable


class TrafficLight:
    def __init__(self) -> None:
        self._cond = Condition()
        self._green_road = 1  # guarded by _cond
        self._crossing = 0  # guarded by _cond

    def carArrived(
        self,
        carId: int,  # ID of the car
        roadId: int,  # ID of the road the car travels on. Can be 1 (road A) or 2 (road B)
        direction: int,  # Direction of the car
        turnGreen: "Callable[[], None]",  # Use turnGreen() to turn light to green on current road
        crossCar: "Callable[[], None]",  # Use crossCar() to make car cross the intersection
    ) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._green_road == roadId or self._crossing == 0)
            if self._green_road != roadId:
                turnGreen()
                self._green_road = roadId
            self._crossing += 1
        try:
            crossCar()  # concurrently with other cars on the same road
        finally:
            with self._cond:
                self._crossing -= 1
                if self._crossing == 0:
                    self._cond.notify_all()  # the other road may switch now
