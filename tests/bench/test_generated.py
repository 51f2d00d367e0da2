"""Every figure on the site comes from a bench script and is up to date.

Nothing is re-measured here: the check reads the headers bench/output.py
writes (script hash, inputs hash, content hash) and the pages' includes.
The rules are in tests/support/generated.py; the proof that each rule can
fail is in tests/bench/test_generated_catches.py.
"""

from pathlib import Path

from tests.support import generated

ROOT = Path(__file__).resolve().parents[2]


def test_every_generated_file_is_declared_fresh_and_included():
    problems = generated.problems(ROOT)
    assert not problems, "\n" + "\n".join(map(str, problems))


def test_there_are_bench_scripts():
    # Guards the discovery itself: an empty list would make every check pass.
    assert len(generated.script_paths(ROOT)) >= 10
