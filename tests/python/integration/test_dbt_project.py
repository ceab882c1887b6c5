"""End-to-end: dbt build on DuckDB files, checked against the notebook and the planted personas."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from support import (
    NOTEBOOK_VARS,
    PROFILES_CSV,
    SKIP_UNIT_TESTS,
    copy_build,
    copy_over,
    query,
    run_dbt,
)

# The classic notebook's published per-cluster table (users; weekday hrs; weekend hrs; likes; CTR;
# age mode; gender mode; income mode).
NOTEBOOK_CLUSTERS = [
    (216, 3.911111, 5.212963, 2409.620370, 0.149588, "25-34", "Female", "80k-100k"),
    (165, 1.559394, 6.002424, 5005.121212, 0.179836, "35-44", "Male", "80k-100k"),
    (228, 3.019737, 2.584211, 6861.587719, 0.170614, "25-34", "Male", "20k-40k"),
    (204, 3.080882, 5.774510, 7457.602941, 0.067971, "25-34", "Female", "100k+"),
    (187, 1.809626, 3.839572, 3021.219251, 0.056594, "45-54", "Female", "0-20k"),
]


def test_notebook_preset_reproduces_the_published_clusters(notebook_warehouse):
    profiles = query(
        notebook_warehouse,
        "select user_count, weekday_hours_mean, weekend_hours_mean, likes_reactions_mean, "
        "ctr_mean, age_band_mode, gender_mode, income_band_mode from segment_profiles",
    )
    by_size = {row[0]: row for row in profiles.itertuples(index=False)}
    assert sorted(by_size) == sorted(cluster[0] for cluster in NOTEBOOK_CLUSTERS)
    for expected in NOTEBOOK_CLUSTERS:
        actual = by_size[expected[0]]
        assert actual[1:5] == pytest.approx(expected[1:5], abs=1e-6)
        assert tuple(actual[5:]) == expected[5:]


def test_notebook_run_is_recorded(notebook_warehouse):
    run = query(notebook_warehouse, "select * from segmentation_runs").iloc[0]
    assert run["preset"] == "notebook"
    assert run["k"] == 5
    assert run["fitted_users"] == run["assigned_users"] == 1000
    # The users segmented are the CSV's rows, read here without dbt, and no events were read.
    csv_ids = set(pd.read_csv(PROFILES_CSV)["User ID"])
    scored = query(notebook_warehouse, "select user_id from int_user_segments_scored")
    assert set(scored["user_id"]) == csv_ids
    relations = "select table_name from information_schema.tables"
    tables = set(query(notebook_warehouse, relations)["table_name"])
    assert "stg_flat_profiles__user_profiles" in tables
    assert not {name for name in tables if name.startswith("stg_app__")}
    assert run["selection_rule"] == "fixed k"


def test_demo_segments_recover_the_planted_personas(demo_warehouse, demo_data_dir):
    personas_path = demo_data_dir / "ground_truth" / "personas.parquet"
    joined = query(
        demo_warehouse,
        "select s.segment_id, p.persona from int_user_segments_scored s "
        f"join read_parquet('{personas_path}') p using (user_id)",
    )
    assert len(joined) == 50_000
    assert adjusted_rand_score(joined["persona"], joined["segment_id"]) >= 0.9


def test_demo_k_is_chosen_from_the_range_and_flagged(demo_warehouse):
    selection = query(demo_warehouse, "select * from segment_k_selection order by k")
    assert list(selection["k"]) == list(range(2, 11))
    chosen = selection[selection["is_selected"]]
    assert list(chosen["k"]) == [6]
    assert chosen["silhouette"].iloc[0] == selection["silhouette"].max()


def test_demo_profiles_carry_names_shares_and_modes(demo_warehouse):
    profiles = query(demo_warehouse, "select * from segment_profiles order by segment_id")
    assert profiles["segment_name"].is_unique
    assert profiles["user_share"].sum() == pytest.approx(1.0)
    assert list(profiles["user_count"]) == sorted(profiles["user_count"], reverse=True)
    assert profiles["age_band_mode"].notna().all()
    radar = query(demo_warehouse, "select * from segment_radar")
    assert radar["normalised_value"].between(0, 1).all()
    # A fixed scale: the population average sits at 0.5, two standard deviations at the edge.
    expected = (radar["z_score"].clip(-2, 2) + 2) / 4
    assert radar["normalised_value"].to_numpy() == pytest.approx(expected.to_numpy())


def test_demo_interests_are_split_and_ranked_by_lift(demo_warehouse):
    interests = query(demo_warehouse, "select * from segment_interests")
    assert not interests["interest"].str.contains(",").any()
    assert interests.groupby("segment_id")["interest_rank"].max().le(5).all()
    top = interests.sort_values(["segment_id", "interest_rank"]).groupby("segment_id").first()
    assert (top["lift"] >= interests.groupby("segment_id")["lift"].max() - 1e-12).all()


@pytest.fixture(scope="module")
def csv_features_warehouse(csv_warehouse, tmp_path_factory):
    """A copy of the default-preset CSV build, for error checks that run the Python model."""
    return copy_build(csv_warehouse, tmp_path_factory.mktemp("csv_errors"))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # Two cases that need the real feature table; test_config covers every config error.
        ({"numeric_features": ["weekday_hours", "not_a_column"]}, "['not_a_column']"),
        ({"k": 5000}, "k=5000 is not below the number of users (1000)"),
    ],
)
def test_bad_segmentation_config_stops_the_build_with_the_fix(
    csv_features_warehouse, overrides, message
):
    result = run_dbt(
        ["run", "--select", "segmentation_model"],
        csv_features_warehouse,
        {
            "user_source": "profiles_csv",
            "profiles_csv_path": str(PROFILES_CSV),
            "segmentation_overrides": overrides,
        },
    )
    assert result.returncode != 0
    assert message in result.output


def test_unknown_preset_names_the_presets(csv_features_warehouse):
    result = run_dbt(
        ["run", "--select", "segmentation_model"],
        csv_features_warehouse,
        {
            "user_source": "profiles_csv",
            "profiles_csv_path": str(PROFILES_CSV),
            "segmentation_preset": "fancy",
        },
    )
    assert result.returncode != 0
    assert "Unknown segmentation_preset 'fancy'" in result.output
    assert "notebook" in result.output


def test_unknown_user_source_stops_before_any_model(tmp_path):
    result = run_dbt(["build"], tmp_path / "w.duckdb", {"user_source": "crm"})
    assert result.returncode != 0
    assert "Unknown user_source 'crm'" in result.output
    assert "events, profiles_csv" in result.output


@pytest.mark.parametrize(
    ("variables", "named_var"),
    [
        ({"raw_data_path": "/nonexistent/raw"}, "raw_data_path"),
        (
            {"user_source": "profiles_csv", "profiles_csv_path": "/nonexistent/p.csv"},
            "profiles_csv_path",
        ),
    ],
)
def test_missing_input_file_names_the_path_and_the_var(tmp_path, variables, named_var):
    result = run_dbt(["build"], tmp_path / "w.duckdb", variables)
    assert result.returncode != 0
    assert "Input file not found" in result.output
    assert "/nonexistent/" in result.output
    assert f"'{named_var}'" in result.output


@pytest.fixture(scope="module")
def notebook_copy_path(notebook_warehouse, tmp_path_factory) -> Path:
    """One path for the copies of the notebook build that tests change (see `copy_over`)."""
    return copy_build(notebook_warehouse, tmp_path_factory.mktemp("notebook_copy"))


@pytest.fixture
def notebook_warehouse_copy(notebook_warehouse, notebook_copy_path) -> tuple[Path, dict]:
    """A fresh copy of the notebook build (the previous test's changes overwritten) and its vars."""
    return copy_over(notebook_warehouse, notebook_copy_path), dict(NOTEBOOK_VARS)


def test_dbt_docs_describe_every_mart_and_the_exposures(notebook_warehouse_copy):
    # On a copy: `docs generate` opens the file for writing, which would lock out other readers.
    database, variables = notebook_warehouse_copy
    result = run_dbt(["docs", "generate"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    target = database.parent / "target"
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    documented = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["path"].startswith("marts")
    }
    assert {"user_segments", "segment_profiles", "segment_radar"} <= set(documented)
    for name, node in documented.items():
        assert node["description"], name
        assert all(column["description"] for column in node["columns"].values()), name
        assert f"model.user_segmentation.{name}" in catalog["nodes"]
    exposures = {e["name"] for e in manifest["exposures"].values()}
    assert exposures == {"segment_report", "segment_dashboard"}


def test_refit_if_changed_skips_the_fit_on_unchanged_input(notebook_warehouse, tmp_path):
    database = copy_build(notebook_warehouse, tmp_path)
    variables = {**NOTEBOOK_VARS, "refit": "if_changed"}
    before = query(database, "select run_id, computed_at from segmentation_runs").iloc[0]
    result = run_dbt(["run", "--select", "segmentation_model+"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    run = query(database, "select * from segmentation_runs").iloc[0]
    assert run["fit_decision"] == "reused: input and config unchanged"
    assert (run["run_id"], run["computed_at"]) == (before["run_id"], before["computed_at"])

    changed = {**variables, "segmentation_overrides": {"k": 4}}
    result = run_dbt(["run", "--select", "segmentation_model+"], database, changed)
    assert result.returncode == 0, result.output[-3000:]
    current = query(database, "select * from segmentation_runs where is_current").iloc[0]
    assert current["fit_decision"] == "fitted: input or config changed"
    assert current["k"] == 4
    assert query(database, "select count(distinct segment_id) as k from user_segments")["k"][0] == 4


def test_not_null_columns_fails_naming_each_column_with_nulls(notebook_warehouse_copy):
    database, variables = notebook_warehouse_copy
    select = ["test", "--select", "segment_names,test_name:not_null_columns"]
    assert run_dbt(select, database, variables).returncode == 0
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "update segment_names set segment_description = null, segment_name = null "
            "where segment_id = (select min(segment_id) from segment_names)"
        )
    result = run_dbt(select, database, variables)
    assert result.returncode == 1
    assert "FAIL 2 not_null_columns_segment_names" in result.output
    compiled = next(
        (database.parent / "target" / "compiled").rglob("not_null_columns_segment_names*.sql")
    )
    with duckdb.connect(str(database), read_only=True) as connection:
        failures = connection.execute(compiled.read_text()).fetchall()
    assert sorted(failures) == [("segment_description", 1), ("segment_name", 1)]


def test_the_feature_table_is_sorted_by_user_only_up_to_one_duckdb_row_group(
    demo_warehouse, demo_data_dir, tmp_path
):
    # 50,000 demo users fit in one row group: stored in user order, so one thread reads them in
    # the same order on every build. Above 122,880 users the sort is skipped.
    stored = query(demo_warehouse, "select user_id from int_user_features_joined order by rowid")
    assert stored["user_id"].is_monotonic_increasing and len(stored) == 50_000
    database = copy_build(demo_warehouse, tmp_path)
    variables = {"raw_data_path": str(demo_data_dir)}
    compile_features = ["compile", "--select", "int_user_features_joined"]

    def compiled_sql() -> str:
        result = run_dbt(compile_features, database, variables)
        assert result.returncode == 0, result.output[-3000:]
        path = next((tmp_path / "target" / "compiled").rglob("int_user_features_joined.sql"))
        return " ".join(path.read_text().split())

    assert "order by user_id" in compiled_sql()
    with duckdb.connect(str(database)) as connection:
        for copy in (1, 2):
            connection.execute(
                "insert into stg_app__users_validated select * replace "
                f"(user_id + {copy} * 1000000 as user_id) from stg_app__users_validated "
                "where user_id < 1000000"
            )
    assert "order by user_id" not in compiled_sql()


@pytest.mark.parametrize(
    "planted",
    [
        # user_segments is a view of the scored users with their segment's name: a segment
        # without a name drops its users from the mart.
        "update int_user_segments_scored set segment_id = 99 "
        "where user_id = (select min(user_id) from int_user_segments_scored)",
        "update int_user_segments_scored set user_id = -1 "
        "where user_id = (select min(user_id) from int_user_segments_scored)",
        "delete from int_user_segments_scored "
        "where user_id = (select min(user_id) from int_user_segments_scored)",
    ],
    ids=["user_missing_from_the_mart", "scored_user_of_no_feature_row", "user_never_scored"],
)
def test_every_user_has_exactly_one_segment_fails_on_a_missing_or_foreign_user(
    notebook_warehouse_copy, planted
):
    # The check compares counts and hash fingerprints, not rows: each defect must still fail it.
    database, variables = notebook_warehouse_copy
    select = ["test", "--select", "assert_every_user_has_exactly_one_segment"]
    assert run_dbt(select, database, variables).returncode == 0
    with duckdb.connect(str(database)) as connection:
        connection.execute(planted)
    result = run_dbt(select, database, variables)
    assert result.returncode == 1, result.output[-3000:]
    assert "FAIL 1 assert_every_user_has_exactly_one_segment" in result.output


def test_unique_counts_ids_by_bitmap_or_hashes_and_still_fails_on_a_repeat(notebook_warehouse_copy):
    # duckdb__test_unique skips dbt's grouping only when a bitmap (integers) or a count of
    # distinct hashes (anything else) proves the values distinct. The feature table of the flat
    # CSV is a view over its typed table, so the defects are planted there.
    database, variables = notebook_warehouse_copy
    typed = "stg_flat_profiles__user_profiles_typed"
    first_user = f"(select min(user_id) from {typed})"

    def outcome(name: str, planted: str | None = None) -> tuple[int, str, str]:
        if planted:
            with duckdb.connect(str(database)) as connection:
                connection.execute(planted)
        result = run_dbt(["test", "--select", name], database, variables)
        [compiled] = (database.parent / "target" / "compiled").rglob(f"{name}.sql")
        return result.returncode, result.output, " ".join(compiled.read_text().split())

    ids = "unique_int_user_features_joined_user_id"
    returncode, _, sql = outcome(ids)
    assert returncode == 0
    assert "where false" in sql and "group by" not in sql

    copy_of_the_first_user = (
        f"insert into {typed} select * from {typed} where user_id = {first_user}"
    )
    returncode, output, sql = outcome(ids, copy_of_the_first_user)
    assert returncode == 1, output[-3000:]
    assert f"FAIL 1 {ids}" in output
    assert "group by user_id having count(*) > 1" in sql

    # Ids over more than 2^32 values are not counted by bitmap: their distinct hashes prove them
    # distinct, and a repeat of the far id still fails with dbt's query.
    far_id = 2**40
    far_user = f"select * replace ({far_id} as user_id) from {typed} limit 1"
    returncode, output, sql = outcome(
        ids, f"delete from {typed} where user_id = {first_user}; insert into {typed} {far_user}"
    )
    assert returncode == 0, output[-3000:]
    assert "where false" in sql and "group by" not in sql
    returncode, output, sql = outcome(ids, f"insert into {typed} {far_user}")
    assert returncode == 1, output[-3000:]
    assert "group by user_id having count(*) > 1" in sql

    # The 64-character user keys: distinct hashes, and a repeated key fails and is listed.
    keys = "unique_user_segments_user_key"
    returncode, output, sql = outcome(keys)
    assert returncode == 0, output[-3000:]
    assert "where false" in sql and "group by" not in sql
    returncode, output, sql = outcome(
        keys,
        "insert into int_user_segments_scored select * from int_user_segments_scored "
        "where user_id = (select min(user_id) from int_user_segments_scored)",
    )
    assert returncode == 1, output[-3000:]
    assert f"FAIL 1 {keys}" in output
    assert "group by user_key having count(*) > 1" in sql


@pytest.mark.parametrize(
    ("algorithm", "scoring_rule"),
    [("gaussian_mixture", "gaussian_diag"), ("hdbscan", "nearest_centre_within_radius")],
)
def test_sql_scoring_matches_the_python_assignment_for_every_scoring_rule(
    demo_warehouse, demo_data_dir, tmp_path, algorithm, scoring_rule
):
    # The other builds fit k-means (nearest centre); these score with the other two SQL rules.
    # Only the nodes between the fit and the check are rebuilt, on a copy of the demo build: the
    # staged features are the same, and --full-refresh drops the k-means run the copy holds.
    database = copy_build(demo_warehouse, tmp_path)
    variables = {
        "raw_data_path": str(demo_data_dir),
        "segmentation_overrides": {"algorithm": algorithm},
    }
    check = "assert_sql_scoring_matches_python_assignment"
    select = ["build", "--select", f"segmentation_model+,+{check}", "--full-refresh"]
    result = run_dbt(
        [*select, "--indirect-selection", "cautious", *SKIP_UNIT_TESTS], database, variables
    )
    assert result.returncode == 0, result.output[-3000:]
    assert f"PASS {check}" in result.output
    stored = query(
        database,
        "select json_extract_string(text_value, '$.scoring_rule') as rule "
        "from segmentation_model where record_type = 'run'",
    )
    assert stored["rule"].tolist() == [scoring_rule]
