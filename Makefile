# Two commands do everything on a fresh machine with Python 3.11+:
#   make serve   build a virtual environment if missing, then serve the site
#   make test    build it if missing, then run every test (including the strict build)
#   make figures re-run every benchmark and regenerate the figures the pages include
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
export NO_MKDOCS_2_WARNING := 1
# Python's default, even where the environment turns it off: bytecode caches
# (__pycache__/, git-ignored). The tests start about 120 interpreters (xdist
# workers, one pytest per mutant, bench scripts, builds); without the caches
# each compiles the project's modules and rewrites the test modules' asserts
# again (collecting the suite: 3.9 s of CPU per worker without, 2.0 s with).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: serve test build crawl browser test-versions figures mutate clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

# TEST_WORKERS: pytest-xdist workers; auto = two per core (conftest.py says why).
# Work stealing keeps every worker busy to the end when test times differ.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# Re-run every bench script in its real mode (some take minutes): one progress
# line per script, then which generated figures changed. See docs/contributing.md.
figures: $(STAMP)
	$(BIN)/python -m bench

# The browser crawl over EVERY built page at desktop and phone widths (make test
# crawls a quick subset; CI, where CI is set, always crawls everything).
crawl: $(STAMP)
	CRAWL=full $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/docs/test_browser.py -k crawl

# Every browser test (pytest -m browser), crawling every page as CI does, in
# one process: the crawl runs beside the other browser tests.
browser: $(STAMP)
	CRAWL=full $(BIN)/python -m pytest -q -s -p no:cacheprovider -m browser tests/docs --durations=5

# The harness's own tests on the other supported Pythons (3.12, 3.13 via pyenv).
test-versions:
	bash tools/test-versions.sh

# Mutation testing of every snippet (racecheck.mutate): progress lines, then a
# summary table; reuses the stored result of every snippet whose source and
# tests are unchanged, then regenerates the score on the verification page.
# MUTATE_ARGS="--fresh" reruns everything; MUTATE_JOBS sets the parallel runs.
MUTATE_JOBS ?= 2
mutate: $(STAMP)
	@status=0; $(BIN)/python -m racecheck.mutate -j $(MUTATE_JOBS) --store docs/verification/mutation.json --open docs/verification/mutation-open.txt $(MUTATE_ARGS) || status=$$?; \
	$(BIN)/python -m bench.verification_mutation; exit $$status

clean:
	rm -rf site $(VENV)
