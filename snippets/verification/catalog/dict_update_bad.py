"""Known bad: a non-atomic compound update of a dict entry.

Each dict operation is atomic on its own, the read-modify-write is not: two
threads read the same old value and one update is lost.
"""


class UsageMeter:
    def __init__(self):
        self.usage = {}

    def record(self, model, tokens):
        self.usage[model] = self.usage.get(model, 0) + tokens
