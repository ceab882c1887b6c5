# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_USERS ?= 50000
DEMO_SEED ?= 42
RAW_DATA_PATH ?= data/demo
export DUCKDB_PATH ?= $(CURDIR)/data/warehouse.duckdb

.PHONY: setup demo-data build report publish export dashboard docs browser run test test-fast test-integration lint unit-test bench clean fuzz \
	orchestrate java spark-setup spark-build test-spark
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
REPORT_DIR ?= reports
PUBLISH_DIR ?= data/published
EXPORT_DIR ?= data/exports
DASHBOARD_PORT ?= 8501
# make orchestrate: Dagster's instance folder, web UI port and the as-of dates it offers as
# partitions (the demo data ends on 2026-10-31; leave the last date empty for "yesterday").
export DAGSTER_HOME ?= $(CURDIR)/data/dagster
DAGSTER_PORT ?= 3000
FIRST_AS_OF_DATE ?= 2026-10-25
LAST_AS_OF_DATE ?= 2026-10-31
# make bench: sizes in events; the pandas baseline only up to BENCH_BASELINE_MAX; DuckDB's memory
# limit per run (the whole dbt process, Python models included, must stay under 8 GB).
BENCH_SIZES ?= 1M,10M,100M,1B
BENCH_BASELINE_MAX ?= 100M
BENCH_MEMORY_LIMIT ?= 3GB
BENCH_DATA_DIR ?= bench/data
BENCH_WORK_DIR ?= bench/work
# Extra dbt vars of the project runs (JSON), e.g. {"segmentation_preset": "notebook"}.
BENCH_DBT_VARS ?= {}
# baseline: project vs notebook script vs bare query (bench/results.md); event-log: the demo's
# features declared in config vs the hand-written aggregation, same run (bench/results_event_log.md).
BENCH_MODE ?= baseline
# user-grain: the flat CSV and a user table of BENCH_SIZES users vs the notebook pipeline on the same
# file (bench/results_user_grain.md).
BENCH_OUT ?= $(if $(filter event-log,$(BENCH_MODE)),bench/results_event_log.md,$(if \
	$(filter user-grain,$(BENCH_MODE)),bench/results_user_grain.md,bench/results.md))
# The local Spark target: its own venv (pyspark 4 wants pandas<3), warehouse and Derby metastore.
SPARK_VENV := .venv-spark
SPARK_BIN := $(SPARK_VENV)/bin
export SPARK_HOME_DIR ?= $(CURDIR)/data/spark
export SPARK_THREADS ?= 2

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,orchestration]"
	touch $@

setup: $(VENV)/.installed

demo-data: setup
	$(BIN)/user-segmentation demo-data --out $(RAW_DATA_PATH) --users $(DEMO_USERS) --seed $(DEMO_SEED)

# The production build: unit tests check SQL logic on fixed inputs, so like dbt Labs recommends
# they run in development and CI (`make test`), not in every scheduled build.
build: setup
	$(BIN)/dbt build --exclude-resource-type unit_test --vars '{"raw_data_path": "$(RAW_DATA_PATH)"}'

# Headless Chromium renders the report's PNGs (kaleido) and runs the browser tests.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq chromium chromium-driver >/dev/null)

report: setup browser
	$(BIN)/user-segmentation report --database $(DUCKDB_PATH) --out $(REPORT_DIR)

# Refuses a warehouse whose last dbt build was not green (recorded in the warehouse by the build).
publish: setup
	$(BIN)/user-segmentation publish --database $(DUCKDB_PATH) --publish-dir $(PUBLISH_DIR)

export: setup
	$(BIN)/user-segmentation export --publish-dir $(PUBLISH_DIR) --export-dir $(EXPORT_DIR)

dashboard: setup
	$(BIN)/user-segmentation dashboard --publish-dir $(PUBLISH_DIR) --port $(DASHBOARD_PORT)

# Dagster's web UI on localhost:$(DAGSTER_PORT) with every dbt model an asset, one partition per
# as-of date (docs/orchestration.md). Makes the demo data first if it is missing.
orchestrate: setup
	@test -d $(RAW_DATA_PATH)/events || $(MAKE) demo-data
	mkdir -p $(DAGSTER_HOME)
	cp src/user_segmentation/orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml
	RAW_DATA_PATH=$(RAW_DATA_PATH) PUBLISH_DIR=$(PUBLISH_DIR) EXPORT_DIR=$(EXPORT_DIR) \
		REPORT_DIR=$(REPORT_DIR) USER_SEGMENTATION_FIRST_AS_OF_DATE=$(FIRST_AS_OF_DATE) \
		USER_SEGMENTATION_LAST_AS_OF_DATE=$(LAST_AS_OF_DATE) \
		$(BIN)/dagster dev -m user_segmentation.orchestration.code_location -h localhost -p $(DAGSTER_PORT)

docs: setup
	$(BIN)/dbt docs generate --vars '{"raw_data_path": "$(RAW_DATA_PATH)"}'

run: demo-data build publish export report
	$(BIN)/user-segmentation summary --database $(DUCKDB_PATH)
	@echo "Report: $(REPORT_DIR)/report.html   Dashboard: make dashboard (reads $(PUBLISH_DIR)/current)"

lint: setup
	$(BIN)/ruff check src tests python_models bench
	$(BIN)/ruff format --check src tests python_models bench
	$(BIN)/sqlfluff lint models macros tests --processes 2

# The fast loop: the unit tier (no dbt, no browser), in seconds, on TEST_WORKERS processes.
test-fast: setup
	$(BIN)/pytest tests/python/unit -q -n $(TEST_WORKERS)

# The integration tier alone: real dbt builds (one per input shape, shared) and the browser tests.
test-integration: setup browser
	$(BIN)/pytest tests/python/integration --durations=25

# Both tiers on TEST_WORKERS processes (pytest-xdist), a test file each so that module fixtures
# are built once; the slowest tests are listed at the end.
TEST_WORKERS ?= 2
unit-test: setup browser
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=25

test: lint unit-test

# The fuzzed input suite at full size: 500 generated malformed inputs across the input shapes (flat
# CSV, user table, events + users Parquet), each a dbt build of the input models (`make test` runs
# 10 per shape). Writes one line per case to $(FUZZ_CASE_LOG) and prints the count per outcome.
FUZZ_CASE_LOG ?= $(CURDIR)/data/fuzz-cases.tsv
fuzz: setup
	@mkdir -p $(dir $(FUZZ_CASE_LOG)) && rm -f $(FUZZ_CASE_LOG)
	HYPOTHESIS_PROFILE=fuzz FUZZ_CASE_LOG=$(FUZZ_CASE_LOG) $(BIN)/pytest -q \
		tests/python/integration/test_fuzz_inputs.py
	@echo "Generated cases (shape, outcome):" && cut -f1,2 $(FUZZ_CASE_LOG) | sort | uniq -c && \
		echo "Total: $$(wc -l < $(FUZZ_CASE_LOG))"

# Project dbt build vs notebook-style pandas script vs bare DuckDB query; writes bench/results.md.
bench: setup
	$(BIN)/python bench/run_bench.py --sizes $(BENCH_SIZES) --baseline-max $(BENCH_BASELINE_MAX) \
		--memory-limit $(BENCH_MEMORY_LIMIT) --data-dir $(BENCH_DATA_DIR) --work-dir $(BENCH_WORK_DIR) \
		--dbt-vars '$(BENCH_DBT_VARS)' --mode $(BENCH_MODE) --out $(BENCH_OUT)

# Spark needs Java 17 or newer (pyspark 4).
java:
	@command -v java >/dev/null 2>&1 || { echo "The Spark target needs Java 17+, and java is not on PATH." \
		"Install it (Debian: apt-get install openjdk-17-jre-headless) and retry." >&2; exit 1; }
	@java -version 2>&1 | head -1 | grep -Eq '"(1[7-9]|[2-9][0-9])[".]' || { echo "The Spark target needs" \
		"Java 17+, found: $$(java -version 2>&1 | head -1)." >&2; exit 1; }

$(SPARK_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_BIN)/pip install --quiet --upgrade pip
	$(SPARK_BIN)/pip install --quiet -e ".[dev,spark]"
	touch $@

spark-setup: java $(SPARK_VENV)/.installed

# dbt build on the local Spark target (Python models run in the same SparkSession).
spark-build: spark-setup
	@test -d $(RAW_DATA_PATH)/events || $(SPARK_BIN)/user-segmentation demo-data --out $(RAW_DATA_PATH) \
		--users $(DEMO_USERS) --seed $(DEMO_SEED)
	$(SPARK_BIN)/python -m user_segmentation.spark_dbt build --target spark \
		--vars '{"raw_data_path": "$(RAW_DATA_PATH)"}'

# The whole project on Spark and on DuckDB from the same demo data: equal segments and profiles.
test-spark: spark-setup
	$(SPARK_BIN)/pytest -m spark --basetemp=$(CURDIR)/data/spark-pytest tests/python/integration/test_spark.py

clean:
	rm -rf target logs data/demo data/warehouse.duckdb data/duckdb_tmp data/published data/exports reports \
		data/spark data/spark-pytest data/dagster target/orchestration
