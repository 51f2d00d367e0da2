"""One lost update (`read n; write n + 1` without a lock) per shape of Python code.

The target of tests/racecheck/test_shapes.py: each shape must get switch
points on every Python version, however it is reached.
"""

import functools

from tests.racecheck.shapes_helper import counted


class Box:
    def __init__(self):
        self.n = 0


def _bump(box, amount=1):
    box.n = box.n + amount


def local_counted(fn):
    """A decorator defined in the target module, without functools.wraps."""

    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


def wrapped(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


class Service:
    """Methods of every kind, each a lost update on `box.n`."""

    total = 0

    def __init__(self, box):
        self.box = box

    @counted  # defined in a non-target module, no functools.wraps
    def decorated_nowraps(self):
        self.box.n = self.box.n + 1

    @local_counted
    def decorated_local(self):
        self.box.n = self.box.n + 1

    @wrapped
    def decorated_wraps(self):
        self.box.n = self.box.n + 1

    @property
    def next_id(self):
        self.box.n = self.box.n + 1
        return self.box.n

    def __call__(self):
        self.box.n = self.box.n + 1

    @classmethod
    def register(cls):
        cls.total = cls.total + 1

    @staticmethod
    def bump(box):
        box.n = box.n + 1


def make_closure(box):
    def incr():
        box.n = box.n + 1

    return incr


def nested(box):
    def inner():
        box.n = box.n + 1

    inner()


bump_lambda = lambda box: setattr(box, "n", box.n + 1)  # noqa: E731


def counting(box):
    """A generator: each step is a lost update."""
    while True:
        box.n = box.n + 1
        yield box.n


def comprehension(box):
    [setattr(box, "n", box.n + 1) for _ in range(1)]


bump_partial = functools.partial(_bump, amount=1)
