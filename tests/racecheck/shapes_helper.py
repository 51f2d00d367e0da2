"""Code the racecheck shape tests never name as a target: decorators and call-through helpers.

Its own code runs without switch points; the target code it calls must still get them.
"""


def counted(fn):
    """A decorator that does not use functools.wraps: no __wrapped__ to follow."""

    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


def call(fn, *args):
    """A non-target helper between the scenario thread and the target code."""
    return fn(*args)


def call_each(fns, *args):
    return [f(*args) for f in fns]
