"""Known-bad hot swap: the model and the tokenizer are two mutable fields.

The writer updates them one after the other and readers read each field when
they need it, so a request that runs during a swap can tokenize with the new
tokenizer and run the old model (or the reverse). The version check in the
tests catches it under a controlled scheduler.
"""

from __future__ import annotations

import threading
from typing import Any


# --8<-- [start:handle]
class ModelHandle:
    def __init__(self, version: str, tokenizer: Any, model: Any) -> None:
        self.version, self.tokenizer, self.model = version, tokenizer, model
        self._swap_lock = threading.Lock()

    def swap(self, version: str, tokenizer: Any, model: Any) -> None:
        with self._swap_lock:  # serializes writers, but readers never take it
            self.tokenizer = tokenizer
            self.model = model
            self.version = version


def handle_request(handle: ModelHandle, prompt: str) -> tuple[str, str]:
    tokens = handle.tokenizer(prompt)  # may be the new tokenizer...
    return handle.version, handle.model(tokens)  # ...and the old model
# --8<-- [end:handle]
