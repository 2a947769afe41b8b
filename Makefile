# Rideau: `make serve` builds and serves the archive, `make test` runs every test.
# Both create .venv on first use. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Page checks (tests/test_browser_reader.py): axe-core (accessibility) and the Nu HTML Checker (vnu,
# needs Java), installed with npm into the git-ignored .venv/node.
AXE_CORE_VERSION := 4.14.1
VNU_JAR_VERSION := 26.9.27
NODE_TOOLS := $(VENV)/node

.PHONY: help install html serve publish ingest eval bench profile test test-fast lint messages browser page-tools clean

help:
	@echo "make serve     build the site and serve it on http://$(HOST):$(PORT) (rebuilds on change)"
	@echo "make html      build the development site into output/"
	@echo "make publish   production build (absolute URLs, strict checks); RIDEAU_SITEURL=https://..."
	@echo "make ingest    read the feeds of NEWSWIRE_FEEDS (pelicanconf.py) into draft stories"
	@echo "make review    list the drafts to review (then: .venv/bin/newswire publish|reject|merge|split)"
	@echo "make check     check every story file and the registry (file:line: problem)"
	@echo "make new       start a new story in both languages (asks for its fields)"
	@echo "make eval      judge relevance, clustering and tagging on the labeled corpora"
	@echo "make bench     time builds against Hugo and bare Pelican, ingestion against feedparser"
	@echo "make profile   where a full build spends its time (PROFILE_SIZE=5000 stories)"
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

# One process (rideau.plugins.bilingual.serve): serves output/ with its server module (a missing page gets the
# site's 404 page) and runs Pelican's build again whenever content, theme, settings or plugins
# change, a change saved during a build included. SIGTERM or Ctrl-C stops it and its build.
serve: install
	$(BIN)/python -m rideau.plugins.bilingual.serve --settings pelicanconf.py --bind $(HOST) --port $(PORT)

publish: install
	$(BIN)/pelican -s publishconf.py --fatal warnings

ingest: install
	mkdir -p .state
	$(BIN)/newswire ingest --report .state/last-report.json

review: install
	$(BIN)/newswire review

check: install
	$(BIN)/newswire check

new: install
	$(BIN)/newswire new

eval: install
	$(BIN)/python bench/eval.py

# Rideau vs Hugo vs bare Pelican, and ingestion vs feedparser (minutes; see docs/performance.md).
bench: install
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Where a full build of one language site spends its time (cProfile; PROFILE_SIZE stories).
PROFILE_SIZE ?= 5000
profile: install
	$(BIN)/python bench/hotpaths.py $(PROFILE_SIZE)

# Browser tests drive Debian's Chromium; install it when this machine lacks it.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Chromium is missing: installing Debian's chromium (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# axe-core and vnu.jar for the page checks; npm and Java from Debian when missing.
$(NODE_TOOLS)/.installed: Makefile
	@command -v npm >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  echo "npm or Java is missing: installing Debian's npm and default-jre-headless (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm default-jre-headless; }
	npm install --prefix $(NODE_TOOLS) --no-audit --no-fund --loglevel=error \
	  axe-core@$(AXE_CORE_VERSION) vnu-jar@$(VNU_JAR_VERSION)
	touch $@

page-tools: $(NODE_TOOLS)/.installed

test: install browser page-tools
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
