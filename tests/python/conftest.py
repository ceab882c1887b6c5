"""Fixtures every test can use; the helpers behind them live in ``support.py``.

The tier is the folder: tests under ``unit/`` are marked ``unit`` (no dbt, no browser; ``make
test-fast``), tests under ``integration/`` are marked ``integration`` (real dbt builds, browser).
The builds below are session-wide, one per input shape; a test that changes a build works on
``copy_build(...)`` of it. Under pytest-xdist (`make test` runs two workers, a test file each) the
first worker that needs a build makes it and the others wait for it and read the same file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from threadpoolctl import threadpool_limits

from support import NOTEBOOK_VARS, PROFILES_CSV, SKIP_UNIT_TESTS, build_or_fail

TIERS = ("unit", "integration")
#: The test files that take longest (`make test` lists the slowest tests), run first: xdist hands
#: out whole files in collection order, so a long file started last would run on alone.
LONGEST_FIRST = (
    "test_orchestration.py",
    "test_dbt_project.py",
    "test_user_table_inputs.py",
    "test_event_logs.py",
    "test_fuzz_inputs.py",
    "test_segment_history.py",
    "test_production_runs.py",
    "test_faults.py",
    "test_dashboard.py",
    "test_user_tables.py",
)


def run_order(item) -> tuple[int, int]:
    """Integration files before unit files (they are longer), the longest named ones first."""
    name = Path(item.path).name
    rank = LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    return ("unit" in Path(item.path).parts, rank)


def pytest_configure(config):
    """One dbt thread and one OpenMP thread per process, unless the environment says otherwise.

    `make test` runs two xdist workers on two cores. OpenMP threads started inside dbt's threads,
    where the Python models fit, ignore `_one_thread` below and spin against the other worker
    (test_user_tables.py alone: 76 s of CPU, 62 s with OMP_NUM_THREADS=1). A second dbt thread
    mostly trades the GIL between Jinja rendering and the Python models (62 s and 59 s of CPU,
    against 56 s and 55 s with one; profiles.yml reads DBT_THREADS). The session's demo build
    keeps the profile's two threads, as `make run` builds it. Set before the test modules import
    scikit-learn (OpenMP reads it once); dbt and its child processes read them from here.
    """
    for name in ("DBT_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def pytest_collection_modifyitems(items):
    """Mark each test with its tier, taken from the folder it sits in; order files for xdist."""
    for item in items:
        parts = Path(item.path).parts
        for tier in TIERS:
            if tier in parts:
                item.add_marker(getattr(pytest.mark, tier))
    items.sort(key=run_order)


@pytest.fixture(scope="session", autouse=True)
def _one_thread():
    """One BLAS/OpenMP thread: on the small matrices of these tests thread start-up costs more
    than it saves, above all on a busy machine."""
    with threadpool_limits(limits=1):
        yield


def shared_between_workers(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test session, whichever xdist worker asks first.

    Parameters
    ----------
    tmp_path_factory : pytest.TempPathFactory
        The session's factory; under xdist its base folder's parent is shared by all workers.
    name : str
        The folder's name.
    make : callable
        Fills the (empty) folder; called at most once per session.

    Returns
    -------
    Path
        The folder, made.
    """
    shared_root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared_root = shared_root.parent
    folder = shared_root / name
    done = shared_root / f"{name}.done"
    with FileLock(str(shared_root / f"{name}.lock")):
        if not done.exists():
            folder.mkdir(exist_ok=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """The default demo data set (as `make run` makes it)."""
    from user_segmentation.synthetic.demo_data import generate_demo_data

    return shared_between_workers(tmp_path_factory, "demo_data", generate_demo_data)


def shared_build(tmp_path_factory, name: str, variables: dict, *options: str) -> Path:
    """The DuckDB file of one session-wide `dbt build`, made once for all workers."""

    def build(folder: Path) -> None:
        build_or_fail(folder / "warehouse.duckdb", variables, *options)

    return shared_between_workers(tmp_path_factory, name, build) / "warehouse.duckdb"


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory, demo_data_dir) -> Path:
    """A DuckDB file built by `dbt build` on the default demo data with the default preset."""
    variables = {"raw_data_path": str(demo_data_dir)}
    # Two dbt threads, as `make run` and the profile's default: nodes run side by side here.
    return shared_build(tmp_path_factory, "demo_build", variables, "--threads", "2")


@pytest.fixture(scope="session")
def notebook_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file built from the notebook's CSV with the notebook preset."""
    return shared_build(tmp_path_factory, "notebook_build", NOTEBOOK_VARS)


@pytest.fixture(scope="session")
def csv_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file built from the notebook's CSV with the default preset (k chosen by the data).

    The CSV's dbt unit tests run in the notebook build already.
    """
    variables = {"user_source": "profiles_csv", "profiles_csv_path": str(PROFILES_CSV)}
    return shared_build(tmp_path_factory, "csv_build", variables, *SKIP_UNIT_TESTS)
