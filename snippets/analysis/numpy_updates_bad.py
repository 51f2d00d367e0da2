"""KNOWN BAD: threads add into one shared NumPy array with no lock.

On GIL CPython (3.11, NumPy 2.4.6, measured by ``bench/analysis_numpy_races.py``)
this loses updates for real: the in-place ufunc releases the
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
