"""What a fork after parallel encoding prints, for the installed `tokenizers`.

The Python binding of Hugging Face `tokenizers` registers a
``pthread_atfork`` child handler: when a process forks after the Rust thread
pool ran, the child turns the pool off (its threads were not copied).
Releases up to 0.22.1 also printed a warning from that handler; the probe
below shows whether the installed release does. It runs in a fresh
interpreter with ``TOKENIZERS_PARALLELISM`` unset (the case the warning was
for): encode a batch on the pool, fork, let the child exit at once, and
collect everything both processes wrote.

Run it with any interpreter that has `tokenizers`:
``python -m snippets.analysis.real_stack.tokenizers_fork``.
"""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["OLD_WARNING", "fork_after_parallel_encode", "main"]

OLD_WARNING = "The current process just got forked, after parallelism has already been used"

# --8<-- [start:probe]
PROBE = """
import os
import tokenizers
from tokenizers import Tokenizer, models, pre_tokenizers

vocab = {"[UNK]": 0, **{f"w{i}": i + 1 for i in range(50)}}
tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
tok.pre_tokenizer = pre_tokenizers.Whitespace()
tok.encode_batch([" ".join(f"w{j}" for j in range(40))] * 2000)  # on the Rust pool
pid = os.fork()
if pid == 0:
    os._exit(0)  # the child: the fork handler has already run
os.waitpid(pid, 0)
print("version", tokenizers.__version__)
"""


def fork_after_parallel_encode(timeout: float = 60.0) -> tuple[str, str]:
    """Return (tokenizers version, what parent and child printed besides it)."""
    env = {k: v for k, v in os.environ.items() if k != "TOKENIZERS_PARALLELISM"}
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True,
        text=True, timeout=timeout, check=True,
    )
    lines = run.stdout.splitlines()
    version = lines.pop().removeprefix("version ")  # the parent prints it last
    return version, "\n".join(lines) + run.stderr
# --8<-- [end:probe]


def main() -> None:
    version, output = fork_after_parallel_encode()
    verdict = "prints the fork warning" if OLD_WARNING in output else "prints nothing"
    print(f"tokenizers {version}: a fork after encode_batch {verdict}")


if __name__ == "__main__":
    main()
