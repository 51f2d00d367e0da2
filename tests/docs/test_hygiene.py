"""The real tree passes every docs-hygiene check (see tests/support/hygiene.py)."""

from pathlib import Path

import pytest

from tests.support import hygiene

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("check", hygiene.ALL_CHECKS, ids=lambda c: c.__name__)
def test_tree_is_clean(check):
    problems = check(ROOT)
    assert not problems, "\n" + "\n".join(map(str, problems))
