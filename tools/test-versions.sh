#!/usr/bin/env bash
# Runs the verification harness's own tests on Python 3.12 and 3.13.
# racecheck switches threads with sys.settrace on 3.11 and sys.monitoring on
# 3.12+, so each version is a different code path. Needs pyenv with the
# versions below (override with RACECHECK_PYTHONS="3.12.1 3.13.0").
set -euo pipefail
cd "$(dirname "$0")/.."
versions=${RACECHECK_PYTHONS:-"3.12.1 3.13.0"}
status=0
for v in $versions; do
  minor=${v%.*}
  if ! PYENV_VERSION=$v "python$minor" -c 'pass' 2>/dev/null; then
    if [ -n "${CI:-}" ]; then echo "Python $v is missing (pyenv install $v)"; exit 1; fi
    echo "skip: Python $v not available (pyenv install $v to test it)"; continue
  fi
  venv=".venv-$minor"
  if [ ! -f "$venv/.installed-requirements" ] || [ requirements-harness.txt -nt "$venv/.installed-requirements" ]; then
    PYENV_VERSION=$v "python$minor" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-harness.txt
    touch "$venv/.installed-requirements"
  fi
  echo "== racecheck on Python $v =="
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/racecheck tests/verification || status=1
done
exit $status
