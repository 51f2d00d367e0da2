# Stub of model_registry.py (tools/signatures.py): write the bodies.

class ModelRegistry:
    def __init__(self, weights, lock=None):
        ...

    def infer(self, x):
        """Run a (toy) forward pass; return (weights version, output)."""
        ...

    def snapshot(self):
        """Return (version, copy of the weights) as one consistent view."""
        ...

    def swap(self, new_weights, version):
        """Copy ``new_weights`` into the buffers in place, layer by layer."""
        ...
