# crm-lessons: two commands on a fresh machine (see README.md).
#   make report   set up .venv, install, run the main job on the bundled data, print the HTML path
#   make test     set up .venv (or reuse it), install with test extras, run every check
#   make lab      open JupyterLab at notebooks/
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= output

.PHONY: report test lab env exercises nav lint clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,cjk,real-data,classroom,browser,bench]"
	@touch $(STAMP)

env: $(STAMP)

report: $(STAMP)
	$(BIN)/crm-lessons report --out $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check crm_lessons tests benchmarks notebooks solutions

# Browser tests (tests/browser) drive Debian's Chromium, never a downloaded browser: installed here
# with apt-get when missing and running as root; otherwise those tests skip and say why.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	      >/dev/null; } || echo "apt-get install chromium failed: the browser tests will skip"; \
	else echo "chromium not found and not root: the browser tests will skip"; fi

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest tests crm_lessons --nbval-lax notebooks solutions

exercises: $(STAMP)
	$(BIN)/crm-lessons exercises build

nav: $(STAMP)
	$(BIN)/crm-lessons nav

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
