"""tests/support/optional.py: heavy optional modules are imported on first use."""

from __future__ import annotations

import builtins
import os
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


def test_collecting_a_test_module_that_names_a_lazy_module_does_not_run_it(tmp_path):
    """pytest's collection asks every name of a test module whether it is a
    test class, a unittest case, a fixture or a wrapped function: a lazily
    named module answers without running (else every pytest-xdist worker
    would import torch while collecting)."""
    import subprocess

    from tests.support.site import ROOT

    (tmp_path / "lazy_probe_pkg").mkdir()
    (tmp_path / "lazy_probe_pkg" / "__init__.py").write_text("")
    marker = tmp_path / "ran"
    (tmp_path / "lazy_probe_pkg" / "heavy.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\nVALUE = 42\n")
    (tmp_path / "test_names_lazy.py").write_text(
        "from tests.support.optional import lazy\nheavy = lazy('lazy_probe_pkg.heavy')\n\n"
        "def test_uses_it():\n    assert heavy.VALUE == 42\n")
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
           str(tmp_path / "test_names_lazy.py")]
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{tmp_path}"}
    collected = subprocess.run([*run, "--collect-only"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "1 test collected" in collected.stdout, collected.stdout + collected.stderr
    assert not marker.exists(), "collecting the test module ran the lazy module"
    used = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "1 passed" in used.stdout and marker.exists(), used.stdout + used.stderr


def test_a_required_package_stays_out_of_sys_modules_until_used(tmp_path, monkeypatch):
    """Libraries ask sys.modules whether a package is imported (matplotlib
    reads sys.modules["torch"].Tensor on every chart): a required package
    that no test has used yet must not be there, or that question imports it
    (torch: seconds of CPU) in whichever xdist worker draws a chart."""
    (tmp_path / "required_probe.py").write_text("import builtins\nbuiltins.required_probe_ran = True\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtins, "required_probe_ran", False, raising=False)
    try:
        probe = require("required_probe")
        assert "required_probe" not in sys.modules
        assert not hasattr(probe, "__wrapped__") and not builtins.required_probe_ran  # collection's questions
        assert probe.VALUE == 42 and builtins.required_probe_ran
        assert sys.modules["required_probe"].VALUE == 42
        probe.VALUE = 7  # (as monkeypatch.setattr would) on the package itself
        assert sys.modules["required_probe"].VALUE == 7
        assert require("required_probe") is sys.modules["required_probe"]
    finally:
        sys.modules.pop("required_probe", None)

