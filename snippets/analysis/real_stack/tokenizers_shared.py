"""One Hugging Face fast tokenizer, many threads: three patterns that are safe.

The tokenizer is built in memory from a tiny vocabulary (no download). The
shared ``tokenizers.Tokenizer`` holds its truncation setting as mutable
state; a thread that sets it and then encodes can encode with another
thread's setting (measured with ``tokenizers`` 0.23.3; 0.22.2 raises
``Already borrowed`` instead; see ``tokenizers_shared_bad.py``). Each class below keeps
every request's ``max_length`` with the request:

- ``PerCallTruncation``: the shared tokenizer is configured once and never
  mutated again (immutable after setup); each call truncates its own
  ``Encoding``, which no other thread sees.
- ``PerThreadTokenizer``: thread confinement; each thread builds its own copy
  from the shared JSON description and may mutate it freely.
- ``LockedTokenizer``: externally synchronized; one lock covers "set
  truncation, then encode", so the pair is atomic with respect to other
  callers of the same wrapper.
"""

from __future__ import annotations

import threading

from tokenizers import Encoding, Tokenizer, models, pre_tokenizers

__all__ = [
    "WORDS",
    "build_tokenizer",
    "sample_text",
    "PerCallTruncation",
    "PerThreadTokenizer",
    "LockedTokenizer",
]

# --8<-- [start:build]
WORDS = ["<unk>"] + [f"w{i}" for i in range(64)]


def build_tokenizer() -> Tokenizer:
    """A word-level fast tokenizer over ``WORDS``, split on whitespace."""
    vocab = {word: i for i, word in enumerate(WORDS)}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    return tokenizer


def sample_text(words: int) -> str:
    """``words`` known words: the encoding has exactly ``words`` ids."""
    return " ".join(WORDS[1 + i % (len(WORDS) - 1)] for i in range(words))
# --8<-- [end:build]


def _encode_one(tokenizer: Tokenizer, text: str) -> Encoding:
    # encode_batch, as transformers' PreTrainedTokenizerFast.__call__ does
    # even for one text: it runs in Rust with the GIL released.
    return tokenizer.encode_batch([text])[0]


# --8<-- [start:per_call]
class PerCallTruncation:
    """A shared tokenizer that is never mutated after construction.

    ``encode`` may be called from any number of threads at once: they only
    read the shared tokenizer, and each truncates the ``Encoding`` it owns.
    (For a tokenizer with a post-processor that adds special tokens, encode
    with ``add_special_tokens=False`` and add them after truncating.)
    """

    def __init__(self, tokenizer: Tokenizer):
        tokenizer.no_truncation()  # configured once, before any thread sees it
        self._tokenizer = tokenizer

    def encode(self, text: str, max_length: int) -> list[int]:
        encoding = _encode_one(self._tokenizer, text)
        encoding.truncate(max_length)  # this call's own object
        return encoding.ids
# --8<-- [end:per_call]


# --8<-- [start:per_thread]
class PerThreadTokenizer:
    """One private tokenizer per thread, copied from a JSON description.

    Each thread mutates only its own copy, so no two threads share mutable
    state. Memory: one vocabulary per thread that calls ``encode``.
    """

    def __init__(self, tokenizer: Tokenizer):
        self._json = tokenizer.to_str()  # an immutable str, safe to share
        self._local = threading.local()

    def _mine(self) -> Tokenizer:
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._local.tokenizer = Tokenizer.from_str(self._json)
        return tokenizer

    def encode(self, text: str, max_length: int) -> list[int]:
        tokenizer = self._mine()
        tokenizer.enable_truncation(max_length=max_length)
        return _encode_one(tokenizer, text).ids
# --8<-- [end:per_thread]


# --8<-- [start:locked]
class LockedTokenizer:
    """A shared, mutable tokenizer whose every use holds one lock.

    The lock makes "set truncation, then encode" one atomic step. It
    serializes encoding in this wrapper, so batch texts into one call where
    throughput matters. Every caller must go through the wrapper: code that
    reaches the raw tokenizer directly bypasses the lock.
    """

    def __init__(self, tokenizer: Tokenizer):
        self._tokenizer = tokenizer
        self._lock = threading.Lock()

    def encode(self, text: str, max_length: int) -> list[int]:
        with self._lock:
            self._tokenizer.enable_truncation(max_length=max_length)
            return _encode_one(self._tokenizer, text).ids
# --8<-- [end:locked]
