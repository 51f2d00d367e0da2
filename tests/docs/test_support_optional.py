"""tests/support/optional.py: heavy optional modules are imported on first use."""

from __future__ import annotations

import builtins
import sys

import pytest

from tests.support.optional import lazy, require


def test_a_lazy_module_runs_on_first_use_and_is_the_imported_module(tmp_path, monkeypatch):
    (tmp_path / "lazy_probe_pkg").mkdir()
    (tmp_path / "lazy_probe_pkg" / "__init__.py").write_text("")
    (tmp_path / "lazy_probe_pkg" / "heavy.py").write_text("import builtins\nbuiltins.lazy_probe_ran = True\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtins, "lazy_probe_ran", False, raising=False)
    try:
        heavy = lazy("lazy_probe_pkg.heavy")
        assert not builtins.lazy_probe_ran  # named, not run
        assert heavy.VALUE == 42 and builtins.lazy_probe_ran
        from lazy_probe_pkg import heavy as imported

        assert imported is heavy is sys.modules["lazy_probe_pkg.heavy"]
        assert lazy("lazy_probe_pkg.heavy") is heavy
    finally:
        for name in ("lazy_probe_pkg.heavy", "lazy_probe_pkg"):
            sys.modules.pop(name, None)


def test_a_missing_module_skips_with_how_to_install_it():
    with pytest.raises(pytest.skip.Exception, match="optional dependency no-such-dist-xyz is not installed.*pip install"):
        require("no_such_module_xyz", "no-such-dist-xyz")
