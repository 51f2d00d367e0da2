# Stub of token_fanout.py (tools/signatures.py): write the bodies.

class EndOfStream(Exception):
    """No more tokens: the stream was closed or the subscriber unsubscribed."""


class SubscriberDropped(EndOfStream):
    """The "drop" policy detached this subscriber: its buffer was full, so
    tokens after the ones it received were lost."""


class TokenFanout:
    """One producer, many subscribers, bounded per-subscriber buffers.

    Raises ValueError if ``maxsize`` is not an int >= 1 or ``policy`` is not
    "block" or "drop".
    """

    def __init__(self, maxsize=64, policy="block"):
        ...

    def subscribe(self):
        """Attach a new subscriber; it receives tokens published from now on.

        Raises RuntimeError if the stream is closed.
        """
        ...

    def publish(self, token, timeout=None):
        """Append ``token`` to every attached subscriber's buffer.

        Policy "block": wait until every attached buffer has room (at most
        ``timeout`` seconds, None = no limit), then deliver to all at once;
        raise TimeoutError if time runs out (nobody got the token). Policy
        "drop": never blocks; subscribers with a full buffer are detached.

        Raises RuntimeError if the stream is closed (also when it is closed
        while this call waits).
        """
        ...

    def close(self):
        """End the stream. Subscribers get their buffered tokens, then the end.

        Never blocks on a full buffer: the end of the stream is a flag, not a
        buffer entry. Safe to call more than once.
        """
        ...


class Subscription:
    """One subscriber's view of the stream; iterate it to get tokens.

    Meant for one consuming thread; ``unsubscribe`` may be called from any
    thread.
    """

    def __init__(self, fanout):
        ...

    def get(self, timeout=None):
        """Return the next token, waiting at most ``timeout`` seconds.

        Raises TimeoutError if none arrived in time, SubscriberDropped if
        this subscriber was dropped (after its buffered tokens), and
        EndOfStream once the stream is closed and the buffer is empty or
        after ``unsubscribe``.
        """
        ...

    def __iter__(self):
        ...

    def __next__(self):
        ...

    def unsubscribe(self):
        """Detach: no more tokens; a blocked producer stops waiting for this
        buffer; a reader blocked in ``get`` gets EndOfStream. Idempotent."""
        ...
