# Every target bootstraps .venv from the system python3.11 when it is missing.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/parallax demo

test: $(STAMP)
	$(BIN)/ruff check workspace tests bench docs
	$(BIN)/ruff format --check --quiet workspace tests bench docs
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check workspace tests bench docs
	$(BIN)/ruff format --check workspace tests bench docs
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/segmentation.py
	$(BIN)/python bench/langid.py
	$(BIN)/python bench/clutter.py
	$(BIN)/python bench/translate.py
	$(BIN)/python bench/compare_quality.py
	$(BIN)/python bench/compare_speed.py
	$(BIN)/python bench/compare_real.py
	$(BIN)/python bench/encoder_speed.py
	$(BIN)/python bench/facts.py
	$(BIN)/python bench/framing.py
	$(BIN)/python bench/grouping.py
	$(BIN)/python bench/versions.py
	$(BIN)/python bench/tui.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/translate_cluster.py --repeats 1
	$(BIN)/python bench/hardening.py

clean:
	rm -rf $(VENV) build *.egg-info
