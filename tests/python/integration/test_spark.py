"""The same project on Spark (dbt-spark, local session) gives DuckDB's segments and profiles.

Runs only with ``-m spark`` (``make test-spark`` makes the Spark venv and runs it): it needs
pyspark, dbt-spark and Java 17, and takes minutes. Both builds read the same demo data with the
same vars in this one venv; Spark's tables are read back from the Parquet files of its warehouse.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from support import PROJECT_DIR, run_dbt

pytestmark = pytest.mark.spark

USERS = 2_000
VARIABLES = {"as_of_date": "2026-10-31"}
# Both engines compute in IEEE doubles; sums and averages may add in another order.
RELATIVE_TOLERANCE = 1e-9


def spark_environment(work: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        SPARK_HOME_DIR=str(work / "spark"),
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
    )
    environment.setdefault("SPARK_THREADS", "2")
    return environment


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    """The demo data built by `dbt build` on DuckDB and on the local Spark target."""
    if shutil.which("java") is None:
        pytest.fail("The Spark target needs Java 17+ and no java is on PATH (make java)")
    from user_segmentation.synthetic.demo_data import generate_demo_data

    work = tmp_path_factory.mktemp("spark_vs_duckdb")
    data = work / "demo"
    generate_demo_data(data, n_users=USERS)
    variables = {**VARIABLES, "raw_data_path": str(data)}

    # Spark first, in the background (its JVM start-up is mostly waiting); DuckDB meanwhile.
    spark_work = work / "spark_run"
    spark_build = subprocess.Popen(
        [sys.executable, "-m", "user_segmentation.spark_dbt", "build", "--target", "spark"]
        + ["--vars", json.dumps(variables)],
        cwd=PROJECT_DIR,
        env=spark_environment(spark_work),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    database = work / "duckdb" / "warehouse.duckdb"
    database.parent.mkdir()
    duckdb_build = run_dbt(["build"], database, variables)
    output, _ = spark_build.communicate()
    assert duckdb_build.returncode == 0, duckdb_build.output[-5000:]
    assert spark_build.returncode == 0, "\n".join(
        line for line in output.splitlines() if not line.startswith(("\tat ", '{"ts"'))
    )[-8000:]
    return {
        "duckdb": database,
        "spark_tables": spark_work / "spark" / "warehouse" / "analytics.db",
        "spark_output": output,
    }


def duckdb_table(builds: dict, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(builds["duckdb"]), read_only=True) as connection:
        return connection.sql(sql).df()


def spark_table(builds: dict, name: str, sql: str) -> pd.DataFrame:
    """Query one table of the Spark warehouse (its Parquet files, partitions as columns)."""
    files = builds["spark_tables"] / name
    assert files.is_dir(), f"Spark wrote no table {name} under {files.parent}"
    with duckdb.connect() as connection:
        connection.execute(
            f"create view {name} as select * from read_parquet('{files}/**/*.parquet', "
            "hive_partitioning = true)"
        )
        return connection.sql(sql).df()


def assert_frames_equal(duckdb_frame: pd.DataFrame, spark_frame: pd.DataFrame) -> None:
    assert list(spark_frame.columns) == list(duckdb_frame.columns)
    assert len(spark_frame) == len(duckdb_frame) > 0
    for column in duckdb_frame.columns:
        expected, actual = duckdb_frame[column], spark_frame[column]
        if pd.api.types.is_float_dtype(expected) or pd.api.types.is_float_dtype(actual):
            assert actual.astype(float).to_numpy() == pytest.approx(
                expected.astype(float).to_numpy(), rel=RELATIVE_TOLERANCE, abs=1e-12, nan_ok=True
            ), column
        else:
            assert actual.astype(object).where(actual.notna(), None).tolist() == (
                expected.astype(object).where(expected.notna(), None).tolist()
            ), column


def test_spark_build_passes_the_data_tests(builds):
    summary = [line for line in builds["spark_output"].splitlines() if "Done. PASS=" in line]
    assert summary, builds["spark_output"][-3000:]
    assert "ERROR=0" in summary[-1] and "SKIP=0" in summary[-1], summary[-1]


def test_every_user_gets_the_same_segment(builds):
    sql = (
        "select user_key, segment_id, segment_name, run_id, distance_to_centre, is_outlier, "
        "as_of_date from user_segments order by user_key"
    )
    duckdb_segments = duckdb_table(builds, sql)
    spark_segments = spark_table(builds, "user_segments", sql)
    assert len(duckdb_segments) == USERS
    assert duckdb_segments["segment_id"].nunique() >= 3
    assert_frames_equal(duckdb_segments, spark_segments)


def test_segment_profiles_are_equal(builds):
    sql = "select * exclude (computed_at) from segment_profiles order by segment_id"
    assert_frames_equal(duckdb_table(builds, sql), spark_table(builds, "segment_profiles", sql))


@pytest.mark.parametrize(
    ("table", "order_by"),
    [
        ("segment_feature_stats", "segment_id, feature_name"),
        ("segment_category_mix", "segment_id, attribute, category"),
        ("segment_interests", "segment_id, interest_rank"),
        ("segment_explanations", "segment_id, driver_kind, driver_rank"),
        ("segment_radar", "segment_id, feature_name"),
        ("int_user_features_joined", "user_id"),
        ("user_rule_segments", "user_key"),
        ("int_user_segments_scored", "user_id"),
    ],
)
def test_marts_are_equal(builds, table, order_by):
    sql = f"select * exclude (computed_at) from {table} order by {order_by}"
    if table == "int_user_features_joined":
        sql = f"select * from {table} order by {order_by}"
    assert_frames_equal(duckdb_table(builds, sql), spark_table(builds, table, sql))


def test_fitted_model_is_equal(builds):
    sql = (
        "select run_id, record_type, segment_id, k, encoded_feature, metric, value "
        "from segmentation_model where record_type in ('encoding', 'centre', 'k_score') "
        "order by record_type, segment_id, k, encoded_feature, metric"
    )
    assert_frames_equal(duckdb_table(builds, sql), spark_table(builds, "segmentation_model", sql))
