"""End-to-end trust checks: planted k recovered, honest verdicts, stable ids across rebuilds."""

from __future__ import annotations

import pytest
from planted_profiles import write_planted_profiles
from sklearn.metrics import adjusted_rand_score

from support import SKIP_UNIT_TESTS, build_or_fail, query


# k = 3, 4 and 5 are covered by the user tables (test_user_tables), 6 by the demo data.
@pytest.mark.parametrize(("planted_k", "seed"), [(8, 8)])
def test_planted_groups_in_a_flat_csv_are_found_with_the_right_k(tmp_path, planted_k, seed):
    csv_path = tmp_path / "planted.csv"
    planted = write_planted_profiles(csv_path, n_users=3000, n_groups=planted_k, seed=seed)
    variables = {"user_source": "profiles_csv", "profiles_csv_path": str(csv_path)}
    database = build_or_fail(tmp_path / "w.duckdb", variables, *SKIP_UNIT_TESTS)
    run = query(database, "select * from segmentation_runs where is_current").iloc[0]
    assert run["k"] == planted_k
    segments = query(
        database, "select user_id, segment_id from int_user_segments_scored order by user_id"
    )
    assert adjusted_rand_score(planted.loc[segments["user_id"]], segments["segment_id"]) >= 0.9
    profiles = query(database, "select * from segment_profiles")
    assert profiles["is_stable"].all()


def test_notebook_csv_is_reported_as_having_no_real_structure(csv_warehouse):
    database = csv_warehouse
    run = query(database, "select * from segmentation_runs where is_current").iloc[0]
    assert run["silhouette"] < 0.2
    assert run["structure_verdict"].startswith("no substantial structure")
    assert run["stability_mean_ari"] < 0.6
    selection = query(database, "select * from segment_k_selection")
    assert selection["silhouette"].max() < 0.2
    profiles = query(database, "select * from segment_profiles")
    assert not profiles["is_stable"].all()


def test_demo_run_is_stable_and_explained(demo_warehouse):
    run = query(demo_warehouse, "select * from segmentation_runs where is_current").iloc[0]
    assert run["stability_mean_ari"] >= 0.9
    assert run["structure_verdict"] in ("reasonable structure", "strong structure")
    profiles = query(demo_warehouse, "select * from segment_profiles")
    assert profiles["is_stable"].all()
    assert (profiles["lineage_status"] == "new").all()
    explanations = query(demo_warehouse, "select * from segment_explanations")
    assert set(explanations["segment_id"]) == set(profiles["segment_id"])
    outliers = query(demo_warehouse, "select avg(is_outlier::int) as share from user_segments")
    assert outliers["share"].iloc[0] == pytest.approx(0.01, abs=0.005)


def test_sql_scoring_equals_python_assignment_on_every_demo_user(demo_warehouse):
    differences = query(
        demo_warehouse,
        "select count(*) as users from user_segment_assignments p "
        "full join int_user_segments_scored s using (user_id) "
        "where p.segment_id is distinct from s.segment_id",
    )
    assert differences["users"].iloc[0] == 0
    users = query(demo_warehouse, "select count(*) as users from int_user_segments_scored")
    assert users["users"].iloc[0] == 50_000
