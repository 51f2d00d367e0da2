"""KNOWN BAD: create-on-first-use with check-then-act.

Two threads can both see the id missing, both create a Session, and both
store it: the second store replaces the first, and the thread that created
the first keeps appending turns to an object nobody else will ever see.
"""

from snippets.analysis.session_registry import Session

__all__ = ["UnsafeSessionRegistry"]


# --8<-- [start:bug]
class UnsafeSessionRegistry:
    def __init__(self):
        self._sessions = {}

    def get(self, conversation_id):
        if conversation_id not in self._sessions:  # check...
            self._sessions[conversation_id] = Session(conversation_id)  # ...then act
        return self._sessions[conversation_id]
# --8<-- [end:bug]
