# Two commands do everything on a fresh machine:
#   make serve   set up, then serve the site on http://127.0.0.1:8000
#   make test    set up, then run the whole test suite
VENV   := .venv
PYTHON := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build validate test bench readability offline clean

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

serve: $(VENV)/.installed validate
	$(PYTHON) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed validate
	$(PYTHON) -m mkdocs build --strict

validate: $(VENV)/.installed
	$(PYTHON) -m knowledge_base validate

# pytest exits 5 when it collects no tests; any non-zero exit fails make.
# node's built-in runner checks the filter's pure functions (tests/js/).
test: $(VENV)/.installed
	node --test tests/js/*.test.js
	$(PYTHON) -m pytest

# Build time and page weight with 100 and 1,000 synthetic case studies.
bench: $(VENV)/.installed
	$(PYTHON) tools/bench.py

# The whole site as dist/co-production-kb-offline.zip, to open from disk
# (file://) with no internet: pages, navigation and search.
offline: $(VENV)/.installed validate
	$(PYTHON) tools/offline.py

# Flesch reading ease of every built page (plain English aims for 60+).
readability: build
	$(PYTHON) tools/readability.py

clean:
	rm -rf site dist $(VENV)
