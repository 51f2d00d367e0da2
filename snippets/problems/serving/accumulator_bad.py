"""KNOWN BAD: a metrics accumulator with no lock.

``d[k] = d.get(k, 0) + v`` is a read, an add and a write: three steps. Two
threads that read the same old value both write old + their own value, and
one of the two adds is lost.
"""


# --8<-- [start:bug]
class UnlockedAccumulator:
    def __init__(self):
        self._sums = {}

    def add(self, key, value):
        # read ... add ... write: three steps, not one atomic update
        self._sums[key] = self._sums.get(key, 0) + value

    def get(self, key, default=0):
        return self._sums.get(key, default)

    def snapshot(self):
        return dict(self._sums)
# --8<-- [end:bug]
