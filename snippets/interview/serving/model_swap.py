"""Hot-swapping a model without stopping traffic: publish an immutable bundle.

Everything a request needs from one model version (weights, tokenizer,
version tag) lives in one frozen `ModelBundle`. A `ModelHandle` holds a
reference to the current bundle:

- readers call `current()` once per request and use only that snapshot, so a
  request never mixes two versions; reading one attribute is a single atomic
  reference load, so readers take no lock and never wait;
- `swap(new_bundle)` builds nothing under the lock: the caller loads the new
  model first, then the swap publishes it with one reference store. The lock
  only serializes writers, so concurrent swaps cannot interleave;
- the old bundle is freed when the last in-flight request drops its
  reference (CPython reference counting plays the role of RCU's grace
  period). Until then both versions are in memory.

Threading contract: `current()` is safe from any thread without a lock;
`swap()` is internally synchronized; bundles are immutable.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ModelBundle:
    version: str
    tokenizer: Any
    model: Any


# --8<-- [start:handle]
class ModelHandle:
    def __init__(self, bundle: ModelBundle) -> None:
        self._bundle = bundle
        self._swap_lock = threading.Lock()  # serializes writers only
        self.swaps = 0

    def current(self) -> ModelBundle:
        """The bundle to use for one whole request (one atomic load)."""
        return self._bundle

    def swap(self, new_bundle: ModelBundle) -> ModelBundle:
        """Publish a fully built bundle; return the old one."""
        with self._swap_lock:
            old = self._bundle
            self._bundle = new_bundle  # the single publishing store
            self.swaps += 1
            return old


def handle_request(handle: ModelHandle, prompt: str) -> tuple[str, str]:
    bundle = handle.current()  # snapshot once, use it for the whole request
    tokens = bundle.tokenizer(prompt)
    return bundle.version, bundle.model(tokens)
# --8<-- [end:handle]
