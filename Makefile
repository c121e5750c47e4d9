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

.PHONY: report test lab env exercises nav lint clean

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

test: $(STAMP) lint
	$(BIN)/python -m pytest tests crm_lessons --nbval-lax notebooks solutions

exercises: $(STAMP)
	$(BIN)/crm-lessons exercises build

nav: $(STAMP)
	$(BIN)/crm-lessons nav

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
