"""Hot-swapping model weights while requests read them.

``ModelRegistry`` keeps the weights in preallocated buffers and updates them
in place, the way a server copies a new checkpoint into the GPU tensors it
already has. Requests hold the lock for reading while they run; a swap holds
it for writing. A request therefore sees either the old weights or the new
ones, never a mix. Internally synchronized.
"""

from snippets.problems.primitives.rw_lock import RWLock


class ModelRegistry:
    def __init__(self, weights, lock=None):
        # weights: {layer name: list of floats}; copied, never aliased.
        self._weights = {name: list(values) for name, values in weights.items()}
        self._version = 0
        self._lock = RWLock() if lock is None else lock

    def infer(self, x):
        """Run a (toy) forward pass; return (weights version, output)."""
        with self._lock.read_locked():
            output = x
            for values in self._weights.values():
                output = output * sum(values)
            return self._version, output

    def snapshot(self):
        """Return (version, copy of the weights) as one consistent view."""
        with self._lock.read_locked():
            return self._version, {n: list(v) for n, v in self._weights.items()}

    def swap(self, new_weights, version):
        """Copy ``new_weights`` into the buffers in place, layer by layer."""
        with self._lock.write_locked():
            for name, values in new_weights.items():
                self._weights[name][:] = values
            self._version = version
