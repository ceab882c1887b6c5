# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_USERS ?= 50000
DEMO_SEED ?= 42
RAW_DATA_PATH ?= data/demo
export DUCKDB_PATH ?= $(CURDIR)/data/warehouse.duckdb

.PHONY: setup demo-data build run test lint unit-test clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

demo-data: setup
	$(BIN)/user-segmentation demo-data --out $(RAW_DATA_PATH) --users $(DEMO_USERS) --seed $(DEMO_SEED)

build: setup
	$(BIN)/dbt build --vars '{"raw_data_path": "$(RAW_DATA_PATH)"}'

run: demo-data build
	$(BIN)/user-segmentation summary --database $(DUCKDB_PATH)

lint: setup
	$(BIN)/ruff check src tests python_models
	$(BIN)/ruff format --check src tests python_models
	$(BIN)/sqlfluff lint models macros tests --processes 2

unit-test: setup
	$(BIN)/pytest

test: lint unit-test

clean:
	rm -rf target logs data/demo data/warehouse.duckdb data/duckdb_tmp
