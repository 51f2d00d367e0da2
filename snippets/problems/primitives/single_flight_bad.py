"""Known-bad: check-then-act on the in-flight table.

The lookup and the registration are two steps without a lock between them.
Two callers can both see "no flight for this key", both register, and both
run the computation: the expensive call (a model load, a prefill) runs twice.
"""

from snippets.problems.primitives.single_flight import SingleFlight, _Flight


class CheckThenActSingleFlight(SingleFlight):
    def do(self, key, fn, timeout=None):
        flight = self._flights.get(key)  # BUG: check ...
        if flight is not None:
            flight.done.wait(timeout)
            if flight.error is not None:
                raise flight.error
            return flight.value
        flight = self._flights[key] = _Flight()  # ... then act, not atomic
        try:
            flight.value = fn()
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            self._flights.pop(key, None)
            flight.done.set()
        return flight.value
