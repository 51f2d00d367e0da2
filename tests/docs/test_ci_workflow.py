"""The GitHub Actions workflow users can copy stays in step with the README.

It cannot run here (no GitHub runner), so this checks what can be checked
offline: it parses, it tests every supported Python (and a free-threaded
build that may fail), it runs exactly the README's test command, and it
deploys the site built by the README's build target on main only.
"""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from tests.docs.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
SUPPORTED = ["3.11", "3.12", "3.13", "3.14"]


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def _readme_commands() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\$ (make \w+)", readme, flags=re.MULTILINE))


def _readme_packages() -> set[str]:
    """The system packages the README tells users to install."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {p for line in re.findall(r"`sudo apt-get install ([^`]+)`", readme.replace("\n", " ")) for p in line.split()}


_APT = re.compile(r"sudo apt-get update && sudo apt-get install -y ((?:[\w.+-]+ ?)+)")


def test_readme_names_the_commands_the_workflow_runs(workflow):
    """Every command the workflow runs is the README's: a make target, or the
    installation of system packages the README names."""
    assert {"make test", "make serve", "make build"} <= _readme_commands()
    runs = {run for job in workflow["jobs"].values() for run in _runs(job)}
    installs = {run for run in runs if _APT.fullmatch(run)}
    packages = {p for run in installs for p in _APT.fullmatch(run).group(1).split()}
    assert packages <= _readme_packages(), f"packages the README does not name: {packages - _readme_packages()}"
    runs -= installs
    assert runs and runs <= _readme_commands(), f"commands the README does not name: {runs - _readme_commands()}"


def test_every_supported_python_runs_the_readme_test_command(workflow):
    job = workflow["jobs"]["test"]
    matrix = job["strategy"]["matrix"]
    assert matrix["python"] == SUPPORTED
    assert job["strategy"]["fail-fast"] is False
    assert "make test" in _runs(job)
    assert any(step.get("uses", "").startswith("actions/setup-python@") for step in job["steps"])


def test_free_threaded_build_is_tried_but_allowed_to_fail(workflow):
    job = workflow["jobs"]["test"]
    extra = job["strategy"]["matrix"]["include"]
    assert {"python": "3.14t", "experimental": True} in extra
    assert job["continue-on-error"] == "${{ matrix.experimental }}"


def test_browser_tests_get_a_browser(workflow):
    job = workflow["jobs"]["test"]
    assert job["env"]["CI"] == "true", "under CI the browser tests must run, not skip"
    chrome = [s for s in job["steps"] if s.get("uses", "").startswith("browser-actions/setup-chrome@")]
    assert chrome and chrome[0]["id"] == "chrome"
    test_step = next(s for s in job["steps"] if s.get("run") == "make test")
    assert test_step["env"]["CHROMIUM"] == "${{ steps.chrome.outputs.chrome-path }}"
    # and a font with Chinese glyphs, before the tests (test_browser.py checks it under CI)
    from tests.support.browser import CJK_FONT_PACKAGE

    installs = [(i, _APT.fullmatch(s.get("run", ""))) for i, s in enumerate(job["steps"])]
    fonts = [i for i, m in installs if m and CJK_FONT_PACKAGE in m.group(1).split()]
    assert fonts and fonts[0] < job["steps"].index(test_step), f"no step installs {CJK_FONT_PACKAGE} before make test"


def test_browser_screenshots_are_kept_as_artifacts(workflow):
    """tests/docs/test_browser.py saves its screenshots under a folder git
    ignores; every test job uploads that folder, also when the tests fail."""
    from tests.docs.test_browser import SCREENSHOT_DIR

    folder = SCREENSHOT_DIR.relative_to(ROOT).as_posix()
    ignored = subprocess.run(["git", "check-ignore", "-q", folder + "/x.png"], cwd=ROOT)
    assert ignored.returncode == 0, f"{folder}/ must be ignored by git"
    job = workflow["jobs"]["test"]
    steps = job["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload, "no step uploads the screenshots"
    assert upload[0]["with"]["path"].rstrip("/") == folder
    assert upload[0]["if"] == "always()"
    assert "${{ matrix.python }}" in upload[0]["with"]["name"]  # one artifact per job of the matrix
    assert steps.index(upload[0]) > next(i for i, s in enumerate(steps) if s.get("run") == "make test")


def test_pages_deploy_only_from_main_after_the_tests(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert "make build" in _runs(deploy)
    uses = [s.get("uses", "") for s in deploy["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_pages_get_both_editions_at_the_pages_address(workflow):
    deploy = workflow["jobs"]["deploy"]
    build = next(s for s in deploy["steps"] if s.get("run") == "make build")
    env = {**workflow.get("env", {}), **deploy.get("env", {}), **build.get("env", {})}
    assert "HANDBOOK_CHINESE" not in env, "the deployed site has both editions"
    pages = next(s for s in deploy["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    assert env["HANDBOOK_SITE_URL"] == "${{ steps.%s.outputs.base_url }}/" % pages["id"]
    assert deploy["steps"].index(pages) < deploy["steps"].index(build)
    upload = next(s for s in deploy["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"  # where `mkdocs build` writes (site_dir default)


def test_makefile_has_the_targets_the_workflow_runs():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "build"):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
