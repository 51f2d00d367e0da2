"""The Python 3.13+ variant: Queue.shutdown() replaces the STOP sentinels.

The suite's interpreter is 3.11, so when it is older than 3.13 the checks run
in a Python 3.13 subprocess (pyenv's ``python3.13`` on this machine); they
are skipped only if no 3.13+ interpreter exists.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from snippets.seed_review import producer_consumer_shutdown

ROOT = Path(__file__).resolve().parents[2]

CHECKS = """
import queue, threading
from snippets.seed_review.producer_consumer_shutdown import consume_all, process

handled, lock = [], threading.Lock()
def handle(item):
    with lock:
        handled.append(item)
items = [None, *range(300)]
process(items, handle, consumers=3, maxsize=4)
assert sorted(handled, key=repr) == sorted(items, key=repr), "lost or doubled items"

# The backlog is finished before consumers stop; put() after shutdown raises.
q = queue.Queue()
for i in range(5):
    q.put(i)
q.shutdown()
try:
    q.put(99)
    raise AssertionError("put after shutdown must raise")
except queue.ShutDown:
    pass
done = []
consume_all(q, done.append)
assert done == [0, 1, 2, 3, 4], done

# A failing producer still stops the consumers.
def broken():
    yield 1
    raise OSError("input broke")
try:
    process(broken(), lambda item: None)
    raise AssertionError("the producer's error must propagate")
except OSError:
    pass

# A consumer that never finishes: process() gives up (queue.Full) instead of
# hanging; checked against a deadline so a put without timeout fails here.
gate, outcome = threading.Event(), []
def run():
    try:
        process(range(20), lambda item: gate.wait(), consumers=1, maxsize=1, timeout=0.2)
        outcome.append("returned")
    except (queue.Full, TimeoutError) as exc:
        outcome.append(type(exc).__name__)
runner = threading.Thread(target=run, daemon=True)
runner.start()
runner.join(10)
gate.set()
assert outcome == ["Full"], f"a stuck consumer must make process() give up, not hang: {outcome}"
print("ok")
"""


def _python313():
    if sys.version_info >= (3, 13):
        return [sys.executable]
    if shutil.which("python3.13"):
        return ["python3.13"]
    return None


def test_shutdown_variant_on_python_313():
    assert callable(producer_consumer_shutdown.process)
    python = _python313()
    if python is None:
        pytest.skip("no Python 3.13+ interpreter available")
    env = {**os.environ, "PYENV_VERSION": os.environ.get("PYENV_VERSION", "3.13.0"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*python, "-c", CHECKS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
