# Stub of dynamic_batcher.py (tools/signatures.py): write the bodies.

class DynamicBatcher:
    """Batch ``predict`` calls into calls of ``model_fn(list_of_items)``.

    ``model_fn`` must return a sequence of the same length as its input.
    An element that is an exception instance is raised to that caller
    only; if ``model_fn`` itself raises, every caller of that batch gets
    the exception. The worker thread is started here.

    Raises ValueError if ``max_batch_size`` is not an int >= 1 or
    ``max_wait`` is not a number >= 0; TypeError if ``model_fn`` is not
    callable.
    """

    def __init__(self, model_fn, max_batch_size, max_wait):
        ...

    def predict(self, item, timeout=None):
        """Submit ``item``, block until its batch has run, return its result.

        Re-raises the exception meant for this item. With a ``timeout``
        (seconds), raise TimeoutError if no answer came in time: a request
        not yet taken into a batch is withdrawn; one already in a running
        batch is abandoned and its result discarded.

        Raises RuntimeError after ``shutdown``; ValueError if ``timeout``
        is negative.
        """
        ...

    def shutdown(self, wait=True):
        """Stop accepting requests; those already accepted still get answered.

        With ``wait=True``, block until the worker has answered them and
        exited. Safe to call more than once.
        """
        ...
