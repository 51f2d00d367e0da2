"""Known-bad: threads set the shared tokenizer's truncation, then encode.

This is what transformers' (v4.57.1) ``PreTrainedTokenizerFast.__call__(text,
truncation=True, max_length=m)`` does to its one backend tokenizer when
``m`` differs from the current setting. Between the two calls another
thread can set its own ``max_length``; this call then encodes with it.
"""

from __future__ import annotations

from tokenizers import Tokenizer

__all__ = ["SharedMutableTokenizer"]


# --8<-- [start:bad]
class SharedMutableTokenizer:
    """BAD: the truncation setting is shared, mutable and unsynchronized."""

    def __init__(self, tokenizer: Tokenizer):
        self._tokenizer = tokenizer

    def encode(self, text: str, max_length: int) -> list[int]:
        self._tokenizer.enable_truncation(max_length=max_length)
        # another thread may call enable_truncation here
        return self._tokenizer.encode_batch([text])[0].ids
# --8<-- [end:bad]
