"""Fixtures every test can use; the helpers behind them live in ``support.py``.

The tier is the folder: tests under ``unit/`` are marked ``unit`` (no dbt, no browser; ``make
test-fast``), tests under ``integration/`` are marked ``integration`` (real dbt builds, browser).
The builds below are session-wide, one per input shape; a test that changes a build works on
``copy_build(...)`` of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

from support import NOTEBOOK_VARS, PROFILES_CSV, SKIP_UNIT_TESTS, build_or_fail

TIERS = ("unit", "integration")


def pytest_collection_modifyitems(items):
    """Mark each test with its tier, taken from the folder it sits in."""
    for item in items:
        parts = Path(item.path).parts
        for tier in TIERS:
            if tier in parts:
                item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(scope="session", autouse=True)
def _one_thread():
    """One BLAS/OpenMP thread: on the small matrices of these tests thread start-up costs more
    than it saves, above all on a busy machine."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """The default demo data set (as `make run` makes it)."""
    from user_segmentation.synthetic.demo_data import generate_demo_data

    out = tmp_path_factory.mktemp("demo_data")
    generate_demo_data(out)
    return out


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory, demo_data_dir) -> Path:
    """A DuckDB file built by `dbt build` on the default demo data with the default preset."""
    database = tmp_path_factory.mktemp("demo_build") / "warehouse.duckdb"
    return build_or_fail(database, {"raw_data_path": str(demo_data_dir)})


@pytest.fixture(scope="session")
def notebook_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file built from the notebook's CSV with the notebook preset."""
    database = tmp_path_factory.mktemp("notebook_build") / "warehouse.duckdb"
    return build_or_fail(database, NOTEBOOK_VARS)


@pytest.fixture(scope="session")
def csv_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file built from the notebook's CSV with the default preset (k chosen by the data).

    The CSV's dbt unit tests run in the notebook build already.
    """
    database = tmp_path_factory.mktemp("csv_build") / "warehouse.duckdb"
    variables = {"user_source": "profiles_csv", "profiles_csv_path": str(PROFILES_CSV)}
    return build_or_fail(database, variables, *SKIP_UNIT_TESTS)
