# Rideau: `make serve` builds and serves the archive, `make test` runs every test.
# Both create .venv on first use. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install html serve publish ingest eval test test-fast lint messages browser clean

help:
	@echo "make serve     build the site and serve it on http://$(HOST):$(PORT) (rebuilds on change)"
	@echo "make html      build the development site into output/"
	@echo "make publish   production build (absolute URLs, strict checks); RIDEAU_SITEURL=https://..."
	@echo "make ingest    read the feeds of NEWSWIRE_FEEDS (pelicanconf.py) into draft stories"
	@echo "make eval      judge relevance, clustering and tagging on the labeled corpora"
	@echo "make test      run the whole test suite (installs Chromium with apt-get if missing)"
	@echo "make lint      ruff"
	@echo "make messages  refresh the interface-string catalogues in theme/translations"

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/.installed

html: install
	$(BIN)/pelican -s pelicanconf.py

serve: install
	$(BIN)/pelican -s pelicanconf.py --autoreload --listen --bind $(HOST) --port $(PORT)

publish: install
	$(BIN)/pelican -s publishconf.py --fatal warnings

ingest: install
	mkdir -p .state
	$(BIN)/newswire ingest --report .state/last-report.json

eval: install
	$(BIN)/python bench/eval.py

# Browser tests drive Debian's Chromium; install it when this machine lacks it.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Chromium is missing: installing Debian's chromium (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: install browser
	$(BIN)/ruff check plugins tests bench pelicanconf.py publishconf.py theme/translations/update.py
	$(BIN)/python -m pytest -n 2 --dist loadfile

test-fast: install
	$(BIN)/python -m pytest -m "not browser and not slow"

lint: install
	$(BIN)/ruff check plugins tests bench pelicanconf.py publishconf.py theme/translations/update.py
	$(BIN)/ruff format --check plugins tests bench pelicanconf.py publishconf.py theme/translations/update.py

messages: install
	$(BIN)/python theme/translations/update.py

clean:
	rm -rf output cache test-output
