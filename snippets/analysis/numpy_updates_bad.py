"""KNOWN BAD: threads add into one shared NumPy array with no lock.

On GIL CPython this loses updates for real: the in-place ufunc releases the
GIL, so the element loops of two threads overlap on two cores.
"""

import numpy as np

__all__ = ["UnlockedWeights"]


# --8<-- [start:bug]
class UnlockedWeights:
    def __init__(self, size):
        self.w = np.zeros(size)

    def add(self, g):
        self.w += g  # one bytecode, but NumPy's loop runs without the GIL
# --8<-- [end:bug]
