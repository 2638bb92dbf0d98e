# Two commands do everything from a fresh clone:
#   make serve   create .venv, install, build both languages, serve at http://127.0.0.1:8000
#   make test    create .venv if missing, run the whole test suite
# and `make site` builds the static site into site/ (English at /, Chinese at /zh/).
# `make stress` runs each concurrent listing 20 times under each start method
# (REPEATS=n, JOBS=n to change); `make figures` reruns every benchmark (FULL=1: larger sizes, more repeats);
# `make site` and `make serve` reuse cached results where still valid.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export BENCH_MODE ?= $(if $(FULL),full,quick)

.PHONY: serve test site figures clean stress

$(STAMP): requirements.txt
	@echo "==> Checking for Python 3.11 or newer ($(PYTHON))"
	@command -v $(PYTHON) > /dev/null || \
	  { echo "error: '$(PYTHON)' not found; this project needs Python 3.11+ (choose one with: make PYTHON=python3.12 ...)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "error: this project needs Python 3.11+, and '$(PYTHON)' is $$($(PYTHON) --version 2>&1) (choose one with: make PYTHON=python3.12 ...)"; exit 1; }
	@echo "==> Creating $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) > /dev/null 2>&1 || \
	  { rm -rf $(VENV); echo "error: '$(PYTHON) -m venv' failed; install the venv module (Debian: apt install python3-venv)"; exit 1; }
	@echo "==> Installing requirements.txt into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt > $(VENV)/install.log 2>&1 || \
	  { echo "error: installing requirements.txt failed: $$(grep -E '^ERROR' $(VENV)/install.log | tail -n1 || tail -n1 $(VENV)/install.log) (full log: $(VENV)/install.log)"; exit 1; }
	@touch $(STAMP)

test: $(STAMP)
	@bash tools/ensure_browser.sh
	@echo "==> Running the test suite (listings, pages, originals, strict build of both languages, a real browser)"
	@$(BIN)/python -m pytest

stress: $(STAMP)
	@echo "==> Running every concurrent listing $(or $(REPEATS),20) times under each start method"
	@$(BIN)/python tools/stress.py --repeats $(or $(REPEATS),20) --jobs $(or $(JOBS),1)

figures: $(STAMP)
	@echo "==> Running every benchmark afresh ($(BENCH_MODE) mode)"
	@$(BIN)/python tools/figures.py --force

site: $(STAMP)
	@echo "==> Benchmarks for the figures ($(BENCH_MODE) mode; cached results are reused)"
	@$(BIN)/python tools/figures.py
	@echo "==> Building the English site into site/"
	@$(BIN)/python -m mkdocs build --strict --quiet -f mkdocs.yml
	@echo "==> Building the Chinese site into site/zh/"
	@$(BIN)/python -m mkdocs build --strict --quiet -f mkdocs.zh.yml
	@echo "==> Built site/ (English at /, Chinese at /zh/)"

serve: site
	@echo "==> Serving site/ at http://127.0.0.1:$(PORT)/ (rebuilds when sources change; Ctrl-C stops)"
	@$(BIN)/python tools/serve.py --port $(PORT)

clean:
	@echo "==> Removing site/ and caches (keeping $(VENV))"
	@rm -rf site .cache .pytest_cache
