"""End-to-end on three differently shaped customer tables (user_source table), each from a config
the scaffold command wrote and a human edited (examples/configs/), and on a host dbt project that
installs this project as a package (examples/host_project/) and segments its own model.

The three dbt builds run once (one session fixture), in this process.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from sklearn.metrics import adjusted_rand_score

from support import (
    PROJECT_DIR,
    build_or_fail,
    dbt_environment,
    headless_chromium,
    invoke_dbt,
    query,
)

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
    warehouses = {"mall_customers": host / "mall_analytics.duckdb"}
    in_host = ["--project-dir", str(host), "--profiles-dir", str(host)]
    for command in ("deps", "build"):
        result = invoke_dbt([command, *in_host], dbt_environment(warehouses["mall_customers"]))
        assert result.returncode == 0, f"mall_customers {command}:\n{result.output[-5000:]}"
    for name in ("shop_customers", "wide_customers"):
        database = tmp_path_factory.mktemp(name) / "warehouse.duckdb"
        warehouses[name] = build_or_fail(database, table_vars(name))
    return warehouses


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
        "where attribute = 'age_band' and category != 'Other' "
        "and category not like '% or other' order by category_order",
    )  # 'Other' and '30-44 or other' hold cells below min_cell_size (privacy): no band order
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


def test_screening_recommends_leaving_out_the_planted_noise_columns(table_warehouses):
    from user_segmentation.synthetic.example_tables import WIDE_NOISE_COLUMNS

    screened = query(
        table_warehouses["wide_customers"],
        "select s.feature_name, s.is_leave_out_candidate, s.run_id, r.is_current "
        "from segment_feature_screening as s join segmentation_runs as r using (run_id)",
    )
    flagged = set(screened.loc[screened["is_leave_out_candidate"], "feature_name"])
    noise = set(WIDE_NOISE_COLUMNS)

    assert screened["is_current"].all() and len(screened) == 20
    assert len(flagged & noise) / len(flagged) >= 0.9  # precision
    assert len(flagged & noise) / len(noise) >= 0.9  # recall


def test_screening_keeps_every_feature_of_the_mall_and_shop_tables(table_warehouses):
    for name in ("mall_customers", "shop_customers"):
        screened = query(table_warehouses[name], "select * from segment_feature_screening")
        assert len(screened) >= 2
        assert (screened["recommendation"] == "keep").all(), screened[["feature_name", "reason"]]


# Every chart drawn (an svg) with at least one trace that holds data points.
CHARTS_WITH_DATA = """
return Array.from(document.querySelectorAll('.chart .js-plotly-plot')).map(plot => ({
    id: plot.id,
    drawn: Boolean(plot.querySelector('.main-svg')),
    points: (plot.data || []).reduce((total, trace) => total + ['x', 'y', 'r', 'z', 'values']
        .map(key => (trace[key] || []).length).reduce((a, b) => Math.max(a, b), 0), 0),
    texts: JSON.stringify((plot.data || []).map(trace =>
        [trace.text, trace.customdata, trace.hovertext, trace.hovertemplate])),
}));
"""
# Parts of the page that must never be empty: sections, chart boxes, header tiles, card parts.
EMPTY_PARTS = """
const parts = [
    ...document.querySelectorAll('main > section, .chart, .tile-value, .card .description'),
    ...Array.from(document.querySelectorAll('.card h4')).map(heading => heading.nextElementSibling),
];
const isEmpty = part => !part || (part.innerText.trim() === '' && !part.querySelector('svg'))
    || ['—', '-', 'n/a'].includes(part.innerText.trim());
return parts.filter(isEmpty).map(part => part ? part.outerHTML.slice(0, 120) : 'missing');
"""
EXPONENT = re.compile(r"\d[eE][+-]\d")


def test_report_of_a_table_input_has_no_empty_section_in_a_browser(table_warehouses, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from user_segmentation.reporting.report import build_report

    result = build_report(table_warehouses["mall_customers"], tmp_path, progress=False, png=False)
    with headless_chromium("1360,1000", "--hide-scrollbars") as driver:
        driver.get(result.html_path.as_uri())
        WebDriverWait(driver, 60).until(
            lambda d: all(chart["drawn"] for chart in d.execute_script(CHARTS_WITH_DATA))
        )
        charts = driver.execute_script(CHARTS_WITH_DATA)
        empty = driver.execute_script(EMPTY_PARTS)
        text = driver.find_element(By.TAG_NAME, "body").text
        severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]

    assert len(charts) == len(result.charts) >= 5
    assert [chart["id"] for chart in charts if chart["points"] == 0] == []
    assert empty == []
    assert severe == []
    # A table has no interests: no interests chart and no empty "Top interests" on the cards.
    assert "interests" not in result.charts and "Top interests" not in text
    as_of = text.split("DATA AS OF" if "DATA AS OF" in text else "Data as of")[1].split()[0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of), as_of
    assert "n/a" not in text
    assert not EXPONENT.search(text)
    assert not [chart["id"] for chart in charts if EXPONENT.search(chart["texts"])]
    assert not [chart["id"] for chart in charts if re.search(r"\bnan\b", chart["texts"], re.I)]
    # The screening sits next to the choice of k, one row per clustered feature.
    assert "What each feature adds" in text
    assert "Spending score" in text.split("What each feature adds")[1]
