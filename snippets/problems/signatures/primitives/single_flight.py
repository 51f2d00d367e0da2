# Stub of single_flight.py (tools/signatures.py): write the bodies.

class SingleFlight:
    def __init__(self):
        ...

    def do(self, key, fn, timeout=None):
        ...
