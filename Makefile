# Two commands do everything on a fresh machine:
#   make serve   set up, then serve the site on http://127.0.0.1:8000
#                (make serve PORT=8001 for another port)
#   make test    set up, then run the whole test suite
VENV   := .venv
PYTHON := $(VENV)/bin/python
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build validate check test lint system-tools bench readability offline new schema published-urls clean

# Two lock files: requirements.txt (what building and serving needs) and
# requirements-dev.txt (that plus the test tools). After a lock file, the
# project itself, editable and with no dependencies of its own, so MkDocs
# finds the site's plugin by its entry point (pyproject.toml).
RUNTIME := $(VENV)/.installed
DEV     := $(VENV)/.installed-dev

# The plugin package is listed too: setuptools maps an editable install's
# packages when it installs, so a package that appears later means a reinstall.
$(RUNTIME): requirements.txt pyproject.toml $(wildcard mkdocs_knowledge_base/__init__.py)
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps -e .
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Chromium, poppler-utils, shellcheck and node, which pip cannot install:
# installed where the machine has apt-get and we are root, else one line
# naming the command to run.
system-tools:
	@sh tools/setup-system.sh

# Broken data files do not stop the server: it shows their problems as a
# page and in the log, and recovers when they are fixed.
serve: $(RUNTIME)
	@$(PYTHON) tools/serve.py $(PORT)

build: $(RUNTIME) validate
	$(PYTHON) -m mkdocs build --strict

validate: $(RUNTIME)
	$(PYTHON) -m knowledge_base validate

# ruff as configured in pyproject.toml; nothing is changed, only checked.
lint: $(DEV)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

# Two tiers of tests (markers set in tests/conftest.py, listed in pytest.ini):
#   make check   the quick tier: lint, data validation, unit tests and the
#                tests of one shared site build; no browser, no second build
#                (KB_TESTS_ONE_BUILD makes a second one fail), no linkchecker
#                or benchmark generator (marked slow)
#   make test    the system tools, lint, then everything, browser and
#                variant builds included
# pytest exits 5 when it collects no tests; any non-zero exit fails make.
# node's built-in runner checks the filter's pure functions (tests/js/).
# PARALLEL: one pytest worker per core (tests/conftest.py keeps the tests of
# one costly fixture together); PARALLEL= runs them in this process.
PARALLEL ?= -n auto --dist loadgroup
check: lint $(DEV)
	@sh tools/setup-system.sh nodejs
	node --test tests/js/*.test.js
	KB_TESTS_ONE_BUILD=1 $(PYTHON) -m pytest $(PARALLEL) -m "not browser and not extra_build and not slow"

test: system-tools lint $(DEV)
	node --test tests/js/*.test.js
	$(PYTHON) -m pytest $(PARALLEL)

# Build time, memory and what a browser downloads with 100, 1,000 and 5,000
# synthetic case studies (about 15 minutes; fewer with SIZES=100,1000).
SIZES ?= 100,1000,5000
bench: $(DEV)
	$(PYTHON) tools/bench.py --sizes $(SIZES)

# The whole site as dist/co-production-kb-offline.zip, to open from disk
# (file://) with no internet: pages, navigation and search.
offline: $(RUNTIME) validate
	$(PYTHON) tools/offline.py

# Flesch reading ease of every built page (plain English aims for 60+).
readability: $(DEV) build
	$(PYTHON) tools/readability.py

# Start a case study from the commented template: make new slug=my-town title="My Town"
# (run bare, it asks). slug and title reach the script through the environment.
new: $(VENV)/.installed
	@$(PYTHON) -m knowledge_base new

# Regenerate the term and guide-section id lists in data/case-study.schema.json.
schema: $(VENV)/.installed
	$(PYTHON) -m knowledge_base schema

# Add every new case-study and term address to tests/published_urls.txt.
published-urls: $(VENV)/.installed
	$(PYTHON) -m knowledge_base published-urls

clean:
	rm -rf site dist $(VENV)
