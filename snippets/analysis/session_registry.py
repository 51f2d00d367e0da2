"""Per-conversation state, created on first use, shared by request threads.

``SessionRegistry.get`` is internally synchronized: every caller asking for
the same conversation id gets the same ``Session`` object. The factory may
run more than once for one id when threads race; all but one result are
dropped, so it must have no side effects (build a plain object, do not open
a connection there).
"""

__all__ = ["Session", "SessionRegistry"]


class Session:
    def __init__(self, conversation_id):
        self.conversation_id = conversation_id
        self.turns = []


# --8<-- [start:registry]
class SessionRegistry:
    def __init__(self):
        self._sessions = {}

    def get(self, conversation_id):
        session = self._sessions.get(conversation_id)
        if session is None:
            # setdefault inserts only if the key is still missing and returns
            # whatever is stored: one step, so every caller gets the winner.
            session = self._sessions.setdefault(conversation_id, Session(conversation_id))
        return session
# --8<-- [end:registry]
