"""KNOWN BAD: token accounting with no lock.

``self._prompt += n`` is a read, an add and a write, several bytecodes. A
thread switch between the read and the write lets another thread's update be
overwritten: a lost update, even with the GIL.
"""

__all__ = ["UnlockedTokenMeter"]


# --8<-- [start:bug]
class UnlockedTokenMeter:
    def __init__(self):
        self._prompt = 0
        self._completion = 0

    def add(self, prompt_tokens, completion_tokens):
        self._prompt += prompt_tokens  # read ... add ... write: not atomic
        self._completion += completion_tokens

    def totals(self):
        return self._prompt, self._completion
# --8<-- [end:bug]
