"""End-to-end on three differently shaped customer tables (user_source table), each from a config
the scaffold command wrote and a human edited (examples/configs/), and on a host dbt project that
installs this project as a package (examples/host_project/) and segments its own model.

The three dbt builds start together (one session fixture) so the suite pays for them once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from sklearn.metrics import adjusted_rand_score

from support import DBT, PROJECT_DIR, dbt_environment, query

TABLES = PROJECT_DIR / "examples" / "tables"
CONFIGS = PROJECT_DIR / "examples" / "configs"
HOST_PROJECT = PROJECT_DIR / "examples" / "host_project"


def table_vars(name: str) -> dict:
    """The committed config of an example table, with the file path made absolute."""
    variables = yaml.safe_load((CONFIGS / f"{name}.yml").read_text())
    path = Path(variables["user_table"]["path"])
    variables["user_table"]["path"] = str(PROJECT_DIR / path)
    return variables


@pytest.fixture(scope="session")
def table_warehouses(tmp_path_factory) -> dict[str, Path]:
    """DuckDB files built by `dbt build`: the shop (TSV) and wide (CSV) tables read as files, and
    the mall table through the host project (its own model, the package installed with local:)."""
    host = tmp_path_factory.mktemp("host") / "mall_analytics"
    shutil.copytree(
        HOST_PROJECT, host, ignore=shutil.ignore_patterns("target", "dbt_packages", "*.duckdb")
    )
    (host / "packages.yml").write_text(f"packages:\n  - local: {PROJECT_DIR}\n")
    host_env = dbt_environment(host / "mall_analytics.duckdb")
    deps = subprocess.run(
        [DBT, "deps"], cwd=host, env=host_env, capture_output=True, text=True, check=False
    )
    assert deps.returncode == 0, deps.stdout + deps.stderr
    builds = {"mall_customers": (host / "mall_analytics.duckdb", host, ["build"])}
    for name in ("shop_customers", "wide_customers"):
        database = tmp_path_factory.mktemp(name) / "warehouse.duckdb"
        builds[name] = (database, PROJECT_DIR, ["build", "--vars", json.dumps(table_vars(name))])
    running = {
        name: subprocess.Popen(
            [DBT, *args],
            cwd=cwd,
            env=dbt_environment(database),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, (database, cwd, args) in builds.items()
    }
    for name, process in running.items():
        output, _ = process.communicate()
        assert process.returncode == 0, f"{name}:\n{output[-5000:]}"
    return {name: database for name, (database, _, _) in builds.items()}


def planted_ari(database: Path, name: str) -> float:
    groups = pd.read_csv(TABLES / f"{name}.groups.csv")
    segments = query(database, "select user_id as id, segment_id from int_user_segments_scored")
    joined = segments.merge(groups, on="id")
    assert len(joined) == len(groups) == len(segments)
    return adjusted_rand_score(joined["group"], joined["segment_id"])


@pytest.mark.parametrize(
    ("name", "expected_k"),
    [("mall_customers", 5), ("shop_customers", 3), ("wide_customers", 4)],
)
def test_each_table_finds_its_planted_segments(table_warehouses, name, expected_k):
    database = table_warehouses[name]
    run = query(database, "select * from segmentation_runs where is_current").iloc[0]
    # Every row of the planted table (counted here from the file) was segmented.
    assert run["assigned_users"] == len(pd.read_csv(TABLES / f"{name}.groups.csv"))
    assert run["k"] == expected_k
    assert planted_ari(database, name) >= 0.9
    profiles = query(database, "select * from segment_profiles")
    assert len(profiles) == expected_k
    assert profiles["segment_name"].is_unique
    assert profiles["user_share"].sum() == pytest.approx(1.0)


def test_host_project_builds_the_marts_in_its_own_warehouse(table_warehouses):
    database = table_warehouses["mall_customers"]
    assert database.parent.name == "mall_analytics"
    tables = set(query(database, "select table_name from information_schema.tables")["table_name"])
    assert {"dim_customers", "user_segments", "segment_profiles", "segment_radar"} <= tables
    profiles = query(
        database,
        "select segment_name, annual_income_k_mean, spending_score_mean, age_band_mode "
        "from segment_profiles",
    ).set_index("segment_name")
    # Names come from the host's phrases and agree with the numbers.
    rich_spenders = profiles.loc["Big spenders, high earners"]
    assert rich_spenders["annual_income_k_mean"] > 75
    assert rich_spenders["spending_score_mean"] > 70
    careful = profiles.loc["Low earners, careful spenders"]
    assert careful["annual_income_k_mean"] < 35
    assert careful["spending_score_mean"] < 30
    # Age is profiled (a column of the profile) but, marked cluster: false, names no segment.
    assert "Average users" in profiles.index
    assert profiles["age_band_mode"].notna().all()


def test_banded_categories_keep_the_configured_order(table_warehouses):
    mix = query(
        table_warehouses["mall_customers"],
        "select distinct category, category_order, attribute_label from segment_category_mix "
        "where attribute = 'age_band' and category != 'Other' order by category_order",
    )  # 'Other' holds cells below min_cell_size (privacy) and has no band order
    assert list(mix["category"]) == ["18-29", "30-44", "45-59", "60+"]
    assert list(mix["category_order"]) == [1, 2, 3, 4]
    assert set(mix["attribute_label"]) == {"Age band"}


def test_nulls_are_filled_and_outliers_clipped(table_warehouses):
    database = table_warehouses["shop_customers"]
    raw = pd.read_csv(TABLES / "shop_customers.tsv", sep="\t")
    features = query(database, "select * from int_user_features_joined")
    assert len(features) == len(raw)
    assert features[["monthly_spend", "days_since_last_order"]].notna().all().all()
    assert features["monthly_spend"].max() <= raw["monthly_spend"].quantile(0.99) + 1e-9
    assert raw["monthly_spend"].max() > 5 * features["monthly_spend"].max()
    # Columns the scaffold left out never reach the feature table.
    assert not {"email", "country", "notes"} & set(features.columns)


def test_shop_profiles_read_like_the_planted_groups(table_warehouses):
    stats = query(
        table_warehouses["shop_customers"],
        "select p.segment_name, s.feature_name, s.feature_label, s.mean_value "
        "from segment_feature_stats as s join segment_profiles as p using (segment_id)",
    )
    means = stats.pivot(index="segment_name", columns="feature_name", values="mean_value")
    lapsing = means.loc[[n for n in means.index if n.startswith("Lapsing")]].iloc[0]
    assert lapsing["days_since_last_order"] > 100
    big_baskets = means.loc[[n for n in means.index if "Big baskets" in n]].iloc[0]
    assert big_baskets["monthly_spend"] > 300
    assert set(stats["feature_label"]) >= {"Monthly spend", "Orders per month"}


def test_wide_table_profiles_every_configured_feature(table_warehouses):
    database = table_warehouses["wide_customers"]
    config = table_vars("wide_customers")["user_table"]
    numeric = [f["name"] for f in config["numeric_features"]]
    categorical = [f["name"] for f in config["categorical_features"]]
    assert len(numeric) == 20 and len(categorical) == 5
    columns = set(query(database, "select * from segment_profiles limit 0").columns)
    assert {f"{name}_mean" for name in numeric} <= columns
    assert {f"{name}_mode" for name in categorical} <= columns
    radar = query(database, "select distinct feature_name from segment_radar")
    assert set(radar["feature_name"]) == set(numeric)
    mix = query(database, "select distinct attribute, attribute_label from segment_category_mix")
    assert dict(zip(mix["attribute"], mix["attribute_label"], strict=True))["is_newsletter"] == (
        "Newsletter"
    )


def test_report_uses_the_configured_labels_and_attributes(table_warehouses, tmp_path):
    from user_segmentation.reporting.report import build_report

    result = build_report(table_warehouses["shop_customers"], tmp_path, progress=False, png=False)
    html = result.html_path.read_text()
    for label in ("Monthly spend", "Orders per month", "Signup channel", "Income"):
        assert label in html
    for name in query(
        table_warehouses["shop_customers"], "select segment_name from segment_profiles"
    )["segment_name"]:
        assert name in html
    assert "Weekday hours" not in html
