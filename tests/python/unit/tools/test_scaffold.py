"""The scaffold: profile a table and propose a config with a reason per column (pure Python)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from support import PROJECT_DIR
from user_segmentation.cli import main
from user_segmentation.segmentation.config import load_config
from user_segmentation.segmentation.errors import ConfigError
from user_segmentation.segmentation.table_config import (
    SQL_KEYWORDS,
    clustering_settings,
    column_name,
    table_features,
)
from user_segmentation.tools.scaffold import (
    band_order,
    capped_k_range,
    label_for,
    profile_table,
    propose_config,
    render_config,
    share_text,
)
from user_segmentation.tools.table_profile import MISSING_VALUE_MARKERS, number_sql


@pytest.fixture
def messy_table(tmp_path) -> Path:
    """A semicolon-separated table with one column of every kind the scaffold tells apart."""
    rng = np.random.default_rng(0)
    n = 400
    spend = rng.lognormal(3, 1, n)
    spend[:3] = [5_000, 7_000, 9_000]
    visits = rng.normal(10, 2, n)
    visits[5] = np.nan
    frame = pd.DataFrame(
        {
            "Customer ID": np.arange(1, n + 1),
            "spend": spend.round(2),
            "visits": visits.round(2),
            "score": rng.normal(50, 10, n).round(1),
            "is_member": rng.choice([0, 1], n),
            "income": rng.choice(["<10k", "10k-20k", "20k-50k", "50k+"], n),
            "city": rng.choice(["Oslo", "Rome", "Lima"], n),
            "country": "NO",
            "email": [f"c{i}@x.org" for i in range(n)],
            "remark": [None] * (n - 10) + ["late"] * 10,
            "bio": [
                f"free text about customer number {i % 50}, their habits and wishes"
                for i in range(n)
            ],
            "legacy_number": rng.permutation(n) + 10_000,
        }
    )
    path = tmp_path / "customers.csv"
    frame.to_csv(path, sep=";", index=False)
    return path


@pytest.mark.parametrize(
    ("values", "left_out"),
    [
        (["train", "test"], True),
        (["Prior", "train", "test"], True),
        (["train", "validation", "holdout"], True),
        # A plan named test is a plan: nothing says the rows were split.
        (["test", "basic", "premium"], False),
        (["prior", "eval"], False),
    ],
)
def test_a_column_that_splits_the_dataset_is_left_out(tmp_path, values, left_out):
    rows = 120
    frame = pd.DataFrame(
        {
            "customer_id": range(1, rows + 1),
            "spend": [float(row * 7 % 50) for row in range(rows)],
            "orders": [row * 3 % 11 for row in range(rows)],
            "split": [values[row % len(values)] for row in range(rows)],
        }
    )
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    reasons = dict(proposal.left_out)
    assert ("split" in reasons) is left_out
    assert ("split" in {item["column"] for item, _ in proposal.categorical}) is not left_out
    if left_out:
        assert "a split of the dataset" in reasons["split"]


def test_profile_sniffs_the_delimiter_and_measures_columns(messy_table):
    profile = profile_table(messy_table)
    assert profile.delimiter == ";"
    assert profile.rows == 400
    by_name = {c.column: c for c in profile.columns}
    assert by_name["visits"].nulls == 1
    assert by_name["spend"].skewness > 1
    assert by_name["country"].distinct == 1


def test_proposal_gives_every_column_a_role_and_a_reason(messy_table):
    proposal = propose_config(profile_table(messy_table))
    assert proposal.id_column == "Customer ID"
    numeric = {item["column"]: (item, reason) for item, reason in proposal.numeric}
    categorical = {item["column"]: (item, reason) for item, reason in proposal.categorical}
    left_out = dict(proposal.left_out)
    assert set(numeric) == {"spend", "visits", "score"}
    assert numeric["spend"][0]["transform"] == "log1p"
    assert numeric["spend"][0]["winsorize"] == [0.01, 0.99]
    assert "skew" in numeric["spend"][1] and "outliers" in numeric["spend"][1]
    assert numeric["score"][0]["transform"] == "none"
    assert "winsorize" not in numeric["score"][0]
    assert numeric["visits"][0]["missing"] == "median"
    assert categorical["income"][0]["order"] == ["<10k", "10k-20k", "20k-50k", "50k+"]
    assert "order" not in categorical["city"][0]
    assert "flag" in categorical["is_member"][1]
    assert "constant" in left_out["country"]
    assert "near-unique" in left_out["email"]
    assert "mostly null" in left_out["remark"]
    assert "free text" in left_out["bio"]
    assert "another id" in left_out["legacy_number"]


def test_rendered_config_is_valid_vars_with_a_comment_per_column(messy_table):
    proposal = propose_config(profile_table(messy_table))
    text = render_config(proposal, (2, 6))
    variables = yaml.safe_load(text)
    assert variables["user_source"] == "table"
    assert variables["user_table"]["delimiter"] == ";"
    assert variables["segmentation_overrides"]["k_range"] == [2, 6]
    for column in ("spend", "income", "country", "email", "remark", "bio"):
        assert f"# {column}:" in text or f"#   {column}:" in text
    # The proposal is a config the segmentation accepts as it stands.
    config = load_config("default", variables["segmentation_overrides"], variables["user_table"])
    assert [f.name for f in config.numeric_features] == ["spend", "visits", "score"]
    assert config.numeric_features[0].transform == "log1p"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["65+", "18-24", "25-34"], ["18-24", "25-34", "65+"]),
        (["100k+", "<20k", "20k-50k"], ["<20k", "20k-50k", "100k+"]),
        (["$1,000-2,000", "under $1,000"], ["under $1,000", "$1,000-2,000"]),
        (["$2,000-5,000", "$500-2,000"], ["$500-2,000", "$2,000-5,000"]),
        (["red", "green"], None),
        (["10 to 20", "0 to 10"], ["0 to 10", "10 to 20"]),
        # Lending Club's emp_length names its unit; an app version sorts by its parts.
        (
            ["10+ years", "< 1 year", "2 years", "1 year"],
            ["< 1 year", "1 year", "2 years", "10+ years"],
        ),
        (["3.2.1", "2.9.14", "3.1.9"], ["2.9.14", "3.1.9", "3.2.1"]),
        # BankChurners' income: "Less than $40K" sorted after "$40K - $60K", and its Unknown
        # left the bands unordered.
        (
            ["$40K - $60K", "Unknown", "$120K +", "Less than $40K", "$60K - $80K"],
            ["Less than $40K", "$40K - $60K", "$60K - $80K", "$120K +", "Unknown"],
        ),
        (["More than 10", "5 to 10", "Up to 5"], ["Up to 5", "5 to 10", "More than 10"]),
        (["Unknown", "Other"], None),
    ],
)
def test_band_order_sorts_banded_values_only(values, expected):
    assert band_order(values) == expected


@pytest.mark.parametrize(
    ("column", "name"),
    [
        ("Annual Income (k$)", "annual_income_k"),
        ("Spending Score (1-100)", "spending_score_1_100"),
        ("2023 revenue", "f_2023_revenue"),
        ("already_fine", "already_fine"),
        ("Возраст", "f"),
    ],
)
def test_column_names_are_sql_safe(column, name):
    assert column_name(column) == name
    # The build checks a configured name with the same rule: a name must be its own result.
    assert column_name(name) == name


def test_headers_in_other_scripts_get_ascii_feature_names_the_build_accepts(tmp_path):
    # Every Cyrillic header became the name `f_`, which the build refused; Größe became gr_e.
    rng = np.random.default_rng(2)
    n = 200
    frame = pd.DataFrame(
        {
            "ID": np.arange(1, n + 1),
            "Возраст": rng.integers(18, 80, n),
            "Доход": rng.gamma(2.0, 900.0, n).round(2),
            "Größe (cm)": rng.normal(172, 9, n).round(1),
            "Año de alta": rng.choice(["norte", "sur"], n),
        }
    )
    path = tmp_path / "kunden.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    names = {item["column"]: item["name"] for item, _ in proposal.numeric + proposal.categorical}
    assert names == {
        "Возраст": "vozrast",
        "Доход": "dokhod",
        "Größe (cm)": "grosse_cm",
        "Año de alta": "ano_de_alta",
    }
    assert all(column_name(name) == name for name in names.values())


def test_only_features_marked_cluster_feed_the_model():
    user_table = {
        "id_column": "id",
        "numeric_features": [
            {"column": "Spend (EUR)", "transform": "log1p"},
            {"column": "age", "cluster": False},
            "visits",
        ],
        "categorical_features": [{"column": "plan", "cluster": True}, "city"],
    }
    settings = clustering_settings(user_table)
    assert settings["numeric_features"] == [
        {"name": "spend_eur", "transform": "log1p"},
        {"name": "visits", "transform": "none"},
    ]
    assert settings["categorical_features"] == ["plan"]
    assert table_features(user_table)["numeric"][1]["label"] == "age"


def test_a_bad_transform_names_the_column():
    with pytest.raises(ValueError, match="unknown transform 'sqrt' for column 'spend'"):
        table_features({"numeric_features": [{"column": "spend", "transform": "sqrt"}]})


def test_cli_writes_the_config_and_refuses_to_overwrite(messy_table, tmp_path):
    out = tmp_path / "configs" / "customers.yml"
    runner = CliRunner()
    result = runner.invoke(main, ["scaffold", str(messy_table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["user_table"]["id_column"] == "Customer ID"
    again = runner.invoke(main, ["scaffold", str(messy_table), "--out", str(out)])
    assert again.exit_code != 0
    assert "--force" in again.output


def test_a_relative_path_given_outside_the_project_is_written_absolute(
    messy_table, tmp_path, monkeypatch
):
    # dbt reads the file from the project folder: `exports/customers.csv`, given from the user's
    # own folder, would name no file there.
    monkeypatch.chdir(messy_table.parent)
    out = tmp_path / "cfg.yml"
    result = CliRunner().invoke(main, ["scaffold", messy_table.name, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["user_table"]["path"] == str(messy_table)
    # From the project folder, where dbt runs, a relative path stays as given.
    monkeypatch.chdir(PROJECT_DIR)
    example = "examples/tables/mall_customers.csv"
    result = CliRunner().invoke(main, ["scaffold", example, "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["user_table"]["path"] == example


def refused_scaffold(path: Path) -> str:
    """The scaffold's output on a file it refuses: exit status 1 and no config written."""
    out = path.with_suffix(".yml")
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert not out.exists()
    return " ".join(result.output.split())


@pytest.mark.parametrize(
    ("bad_line", "described"),
    [
        ("7,Ann,F,31,52,60,extra", "line 3 of '{path}': 7 fields where the header has 6"),
        ("7,Ann,F", "line 3 of '{path}': 3 fields where the header has 6"),
    ],
    ids=["unquoted_delimiter", "cut_short"],
)
def test_a_line_with_more_or_fewer_fields_than_the_header_is_named(tmp_path, bad_line, described):
    # DuckDB's strict reader fails sniffing without naming the line, or reads one column.
    path = tmp_path / "customers.csv"
    good = [f"{i},Name{i},{'MF'[i % 2]},{20 + i},{40 + i},{50 + i}" for i in range(1, 40)]
    header = "customer_id,name,gender,age,income,score"
    path.write_text("\n".join([header, good[0], bad_line, *good[1:]]) + "\n")
    output = refused_scaffold(path)
    assert "1 malformed line(s) next to 39 well-formed rows" in output
    assert described.format(path=path) in output


@pytest.mark.parametrize("name", ["mall_customers.csv", "shop_customers.tsv", "wide_customers.csv"])
def test_committed_configs_started_from_the_scaffold(name):
    """Each example config keeps the scaffold's choice of id, feature columns and left-out
    columns; the human edits were labels, phrases, units and what is clustered."""
    table = PROJECT_DIR / "examples" / "tables" / name
    proposed = yaml.safe_load(render_config(propose_config(profile_table(table))))["user_table"]
    committed = yaml.safe_load(
        (PROJECT_DIR / "examples" / "configs" / f"{Path(name).stem}.yml").read_text()
    )["user_table"]
    assert committed["id_column"] == proposed["id_column"]
    assert committed.get("delimiter") == proposed.get("delimiter")
    for kind in ("numeric_features", "categorical_features"):
        assert [f["column"] for f in committed[kind]] == [f["column"] for f in proposed[kind]]


def test_parquet_tables_are_profiled_without_a_delimiter(messy_table, tmp_path):
    parquet = tmp_path / "customers.parquet"
    pd.read_csv(messy_table, sep=";").to_parquet(parquet)
    proposal = propose_config(profile_table(parquet))
    assert proposal.delimiter is None
    assert proposal.id_column == "Customer ID"
    assert [item["column"] for item, _ in proposal.numeric] == ["spend", "visits", "score"]
    assert "delimiter" not in yaml.safe_load(render_config(proposal))["user_table"]


def test_keyword_names_get_a_suffix_in_python_and_in_the_macro_alike():
    # An unquoted `order` or `end` breaks the generated SQL (msleep's `order` column did).
    keywords = {
        row[0]
        for row in duckdb.sql(
            "select keyword_name from duckdb_keywords() "
            "where keyword_category in ('reserved', 'type_function')"
        ).fetchall()
    }
    assert keywords == SQL_KEYWORDS
    macro = (PROJECT_DIR / "macros" / "user_table" / "user_table_column_name.sql").read_text()
    listed = macro[macro.index("macro sql_keywords") :]
    assert set(" ".join(re.findall(r"'([a-z_ ]+)'", listed)).split()) == keywords
    assert column_name("order") == "order_"
    assert column_name("End") == "end_"
    assert column_name("year") == "year"


def test_missing_value_markers_are_nulls_not_text(tmp_path):
    # R writes NA, spreadsheets #N/A: a numeric column with gaps stays numeric, as the build
    # reads it.
    path = tmp_path / "un.csv"
    rows = [f"{code},{'NA' if code % 7 == 0 else code * 1.5},{'#N/A' if code % 9 == 0 else 'x'}"
            for code in range(100)]  # fmt: skip
    path.write_text("country_code,gdp,region\n" + "\n".join(rows) + "\n")
    by_name = {column.column: column for column in profile_table(path).columns}
    assert by_name["gdp"].is_numeric
    assert by_name["gdp"].nulls == 15
    assert by_name["region"].nulls == 12
    assert set(MISSING_VALUE_MARKERS) == set(
        yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
            "missing_value_markers"
        ]
    )


def test_codes_for_unknown_are_read_as_missing_and_real_extremes_are_not(tmp_path):
    # A bank's export: pdays 999 = never contacted (most rows), children -1 = not asked; ages
    # reach 99 and a capped count reaches 99+ (written 99) as real values.
    rng = np.random.default_rng(5)
    n = 1_000
    frame = pd.DataFrame(
        {
            "client_id": np.arange(1, n + 1),
            "pdays": np.where(rng.random(n) < 0.9, 999, rng.integers(0, 28, n)),
            "children": np.where(np.arange(n) % 20 == 0, -1, rng.integers(0, 5, n)),
            "age": rng.integers(18, 100, n),
            "visits": np.minimum(rng.integers(0, 140, n), 99),
        }
    )
    path = tmp_path / "bank.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    items = {item["name"]: item for item, _ in proposal.numeric}
    reasons = {item["name"]: reason for item, reason in proposal.numeric}
    assert items["pdays"]["missing_values"] == [999]
    assert items["pdays"]["cluster"] is False  # 90% unknown: profiled only
    assert "999 in 90% of rows" in reasons["pdays"]
    # Days since the last contact: the code means never, as long ago as the longest (not 238 days).
    assert items["pdays"]["missing"] == "max" and "a code for never" in reasons["pdays"]
    assert items["children"]["missing_values"] == [-1]
    assert items["children"].get("cluster", True)
    assert items["children"]["missing"] == "median"
    assert "missing_values" not in items["age"] and "missing_values" not in items["visits"]
    variables = yaml.safe_load(render_config(proposal))
    load_config("default", variables["segmentation_overrides"], variables["user_table"])


def test_a_largest_value_far_above_the_rest_is_a_code_and_a_date_named_on_is_read(tmp_path):
    # Starbucks' profile: age 118 (13% of rows) for unknown, next to ages up to 101, clustered
    # as two segments of 118-year-olds. A tenure capped at 72 months and a top-coded income are
    # spikes at their largest value too, but next to the values below them.
    rng = np.random.default_rng(8)
    n = 3_000
    ages = rng.integers(18, 102, n)
    ages[rng.random(n) < 0.13] = 118
    frame = pd.DataFrame(
        {
            "member": np.arange(1, n + 1),
            "age": ages,
            "tenure_months": np.where(rng.random(n) < 0.1, 72, rng.integers(1, 72, n)),
            "income": np.where(rng.random(n) < 0.05, 250_000, rng.integers(200, 2_500, n) * 100),
            # A date as a whole number, named Rails-style: it was clustered as 20,168,661.
            "became_member_on": (
                pd.Timestamp("2013-07-29") + pd.to_timedelta(rng.integers(0, 1800, n), "D")
            )
            .strftime("%Y%m%d")
            .astype(int),
        }
    )
    path = tmp_path / "profile.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    items = {item["name"]: (item, reason) for item, reason in proposal.numeric}
    assert items["age"][0]["missing_values"] == [118]
    assert "118 in 12% of rows, apart from every other value" in items["age"][1]
    assert "missing_values" not in items["tenure_months"][0]
    assert "missing_values" not in items["income"][0]
    joined = items["days_since_became_member_on"][0]
    assert (joined["derive"], joined["format"]) == ("days_since", "%Y%m%d")
    assert (joined["high_phrase"], joined["low_phrase"]) == ("long-standing", "newcomers")


def test_a_count_named_like_a_thing_is_a_measure_and_a_bare_day_and_month_are_date_parts(
    tmp_path,
):
    # UCI bank marketing: campaign (contacts this campaign, 1 in 39% of rows, up to 63) was
    # profiled as a code, and the day of the month of the last call (1-31, next to its month)
    # was clustered as a measure. A code named the same way (TrafficType) stays a code.
    rng = np.random.default_rng(12)
    n = 3_000
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 90, n),
            "balance": rng.normal(1_500, 900, n).round(),
            "day": rng.integers(1, 32, n),
            "month": rng.choice(["jan", "feb", "may", "jun", "nov"], n),
            "campaign": np.minimum(rng.geometric(0.4, n), 63),
            "TrafficType": rng.choice(np.arange(1, 21), n, p=np.r_[0.2, 0.3, [0.5 / 18] * 18]),
        }
    )
    path = tmp_path / "bank.csv"
    frame.to_csv(path, sep=";", index=False)
    proposal = propose_config(profile_table(path))
    numeric = {item["column"]: item for item, _ in proposal.numeric}
    categorical = {item["column"]: item for item, _ in proposal.categorical}
    assert numeric["campaign"].get("cluster", True)
    assert "campaign" not in categorical
    assert "TrafficType" in categorical and "TrafficType" not in numeric
    reasons = dict(proposal.left_out)
    for part in ("day", "month"):
        assert reasons[part].startswith("a part of a date split over columns (day, month)")


def test_a_model_s_prediction_of_the_outcome_is_profiled_not_clustered(tmp_path):
    # BankChurners ships a Naive Bayes classifier's churn probabilities as two columns; clustered,
    # they split the customers into churners and not (ARI 0.34 against the planted groups).
    rng = np.random.default_rng(13)
    n = 1_000
    churned = rng.random(n) < 0.16
    leak = "Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_1"
    frame = pd.DataFrame(
        {
            "CLIENTNUM": rng.choice(np.arange(700_000_000, 800_000_000), n, replace=False),
            "Attrition_Flag": np.where(churned, "Attrited Customer", "Existing Customer"),
            "Total_Trans_Amt": rng.gamma(3.0, 1_500.0, n).round(),
            "Credit_Limit": rng.gamma(2.0, 4_000.0, n).round(1),
            leak: np.where(churned, 0.99, 0.0001) + rng.uniform(0, 0.001, n),
        }
    )
    path = tmp_path / "BankChurners.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    items = {item["column"]: (item, reason) for item, reason in proposal.numeric}
    item, reason = items[leak]
    assert item["cluster"] is False
    assert "named as an outcome or a model's prediction of one" in reason
    assert items["Total_Trans_Amt"][0].get("cluster", True)


def test_a_date_with_a_two_digit_year_last_is_not_read_as_the_year_of_its_first_number(tmp_path):
    # Netflix's userbase: Join Date 15-01-22 (15 January 2022). A plain cast read it as the year
    # 15, so days since joining were about 730,000 and the as-of date was 0031-12-22.
    rng = np.random.default_rng(14)
    n = 500
    joined = pd.Timestamp("2021-06-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    frame = pd.DataFrame(
        {
            "User ID": np.arange(1, n + 1),
            "Monthly Revenue": rng.integers(10, 16, n),
            "Join Date": joined.strftime("%d-%m-%y"),
        }
    )
    path = tmp_path / "Netflix Userbase.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    items = {item["column"]: item for item, _ in proposal.numeric}
    assert items["Join Date"]["format"] == "%d-%m-%y"
    assert proposal.as_of_date == joined.max().strftime("%Y-%m-%d")


def test_two_codes_for_unknown_in_one_column_are_both_read_as_missing(tmp_path):
    # An age with -1 (not asked) in 1% of rows and 999 (refused) in 0.5%: only -1 was found,
    # and 999 was clipped into a real age of 89.
    rng = np.random.default_rng(6)
    n = 2_000
    ages = rng.integers(18, 90, n)
    ages[::100] = -1
    ages[50::200] = 999
    path = tmp_path / "accounts.csv"
    pd.DataFrame({"account": np.arange(1, n + 1), "Age": ages}).assign(
        spend=rng.gamma(2.0, 50.0, n).round(2)
    ).to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    age, reason = next((item, why) for item, why in proposal.numeric if item["column"] == "Age")
    assert sorted(age["missing_values"]) == [-1, 999]
    assert "winsorize" not in age
    assert "codes for unknown" in reason


def test_only_a_count_by_name_gets_a_range_that_quarantines_its_negatives(tmp_path):
    # Airports below sea level are real; a negative number of visits is a typo.
    n = 300
    frame = pd.DataFrame(
        {
            "code": [f"A{row:03d}" for row in range(n)],
            "alt": [-42 if row in (5, 9) else 100 + row * 7 for row in range(n)],
            "visits": [-1 if row in (5, 9) else row % 40 for row in range(n)],
        }
    )
    path = tmp_path / "airports.csv"
    frame.to_csv(path, index=False)
    items = {item["name"]: item for item, _ in propose_config(profile_table(path)).numeric}
    assert "range" not in items["alt"]
    assert items["visits"]["range"] == [0, None]


def test_spread_out_whole_numbers_are_measures_and_id_names_or_sequences_are_not(tmp_path):
    rng = np.random.default_rng(3)
    n = 300
    frame = pd.DataFrame(
        {
            "row": np.arange(1, n + 1),
            "salary": rng.choice(np.arange(40_000, 200_000), n, replace=False),
            "store_id": rng.integers(1, 20, n),
            "visits": rng.integers(0, 30, n),
            "Yrs Service": rng.integers(0, 40, n),
            "yrs_service": rng.integers(0, 40, n),
        }
    )
    path = tmp_path / "staff.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    numeric = [item["name"] for item, _ in proposal.numeric]
    left_out = dict(proposal.left_out)
    assert "salary" in numeric
    assert "named like an id" in left_out["store_id"]
    assert numeric.count("yrs_service") == 1 and "yrs_service_2" in numeric
    variables = yaml.safe_load(render_config(proposal))
    load_config("default", variables["segmentation_overrides"], variables["user_table"])


def test_a_small_table_gets_a_k_range_its_segments_can_fill(messy_table, tmp_path):
    small = tmp_path / "small.csv"
    pd.read_csv(messy_table, sep=";").head(32).to_csv(small, index=False)
    text = render_config(propose_config(profile_table(small)), (2, 8))
    assert yaml.safe_load(text)["segmentation_overrides"]["k_range"] == [2, 3]
    assert "# k at most 3: 32 users" in text


def test_unreadable_files_get_one_line_with_the_fix(tmp_path):
    windows_1252 = tmp_path / "windows_1252.csv"
    windows_1252.write_bytes("id,city,spend\n1,“Zürich”,3\n2,Genève,4\n".encode("cp1252"))
    aligned = tmp_path / "aligned.txt"
    aligned.write_text("id   spend  visits\n1    10.5   3\n2    11.0   4\n")
    one_column = tmp_path / "one_column.txt"
    # Words and numbers between spaces, as many per line as in none other: one column (values
    # between single spaces alike on every line are read as columns, as UCI's german.data).
    one_column.write_text("id spend visits\n1 10.5\n2 11.0 4 x\n")
    cases = (
        (windows_1252, [], "iconv -f cp1252"),
        (aligned, [], "fixed-width"),
        # DuckDB's sniffer error names an encoding: not taken for an encoding problem.
        (aligned, ["--delimiter", " "], "fixed-width"),
        (one_column, [], "--delimiter"),
    )
    for path, options, fix in cases:
        arguments = ["scaffold", str(path), "--kind", "user-table", *options]
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 1, result.output
        assert fix in result.output and "Traceback" not in result.output
        assert "UTF-8" not in result.output or fix.startswith("iconv")


def test_dates_written_by_other_tools_become_tenure_with_their_format(tmp_path):
    n = 120
    frame = pd.DataFrame(
        {
            "customer_id": range(1, n + 1),
            "Dt_Customer": [f"{row % 28 + 1:02d}-{row % 12 + 1:02d}-2013" for row in range(n)],
            "signup_date": [20190101 + row % 28 for row in range(n)],
            "store_code": [19970101 + row % 28 for row in range(n)],
            "spend": [float(row % 17) for row in range(n)],
        }
    )
    path = tmp_path / "marketing.csv"
    frame.to_csv(path, index=False)
    by_name = {column.column: column for column in profile_table(path).columns}
    assert (by_name["Dt_Customer"].kind, by_name["Dt_Customer"].timestamp_format) == (
        "date",
        "%d-%m-%Y",
    )
    assert by_name["Dt_Customer"].newest_date == "2013-12-28"
    assert (by_name["signup_date"].kind, by_name["signup_date"].timestamp_format) == (
        "date",
        "%Y%m%d",
    )
    # Eight digits in a column not named like a date are a number, not a day.
    assert by_name["store_code"].kind == "integer"
    features = {item["column"]: item for item, _ in propose_config(profile_table(path)).numeric}
    assert features["Dt_Customer"]["format"] == "%d-%m-%Y"
    assert features["Dt_Customer"]["derive"] == "days_since"


def test_a_unique_measure_is_not_the_id_when_a_name_column_is(tmp_path):
    # gapminder, one row per country: pop is unique and whole, but it is a measure.
    rng = np.random.default_rng(7)
    n = 140
    frame = pd.DataFrame(
        {
            "country": [f"Country {i}" for i in range(n)],
            "pop": 100_000 + rng.choice(1_400_000_000, n, replace=False),
            "lifeExp": rng.normal(65, 10, n).round(1),
            "gdpPercap": rng.lognormal(8, 1, n).round(2),
        }
    )
    path = tmp_path / "gapminder.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    assert proposal.id_column == "country"
    assert "pop" in [item["column"] for item, _ in proposal.numeric]


def test_a_measure_with_a_few_repeated_values_is_no_id_with_bad_rows(tmp_path):
    # Produc, a state-year panel: gsp repeats in 9 of 816 rows, under the 2% an id may break.
    # As the id it would quarantine 9 real rows as duplicate_user_id and call state-years users.
    rng = np.random.default_rng(3)
    rows = [(f"STATE {s}", 1970 + y) for s in range(48) for y in range(17)]
    gsp = rng.choice(np.arange(5_000, 500_000), len(rows), replace=False)
    gsp[:9] = gsp[9:18]  # nine values repeat
    frame = pd.DataFrame(rows, columns=["state", "year"]).assign(gsp=gsp, unemp=4.5)
    path = tmp_path / "produc.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    assert proposal.id_column is None
    assert "no column identifies almost every row" in proposal.id_reason


@pytest.mark.parametrize(
    ("delimiter", "values", "number_format", "first"),
    [
        (",", ["$1,234.56", "$980.10", "$12,000.00"], "grouped", 1234.56),
        (",", ["1,499 USD", "980.10 usd", "12,000.00 EUR"], "grouped", 1499.0),
        (",", ["10%", "25%", "5%"], "grouped", 10.0),
        (";", ["1.234,56", "980,10", "12.000,5"], "decimal_comma", 1234.56),
        # A lone comma before three digits: a decimal comma in a ';' file, grouping elsewhere.
        (";", ["4,857", "4,961", "1,313"], "decimal_comma", 4.857),
        (",", ["4,857", "4,961", "1,313"], "grouped", 4857.0),
    ],
)
def test_formatted_numbers_are_numbers_with_their_format(
    tmp_path, delimiter, values, number_format, first
):
    # CRM and spreadsheet exports: money with currency signs and thousands commas, rates with %,
    # European decimal commas.
    n = 90
    frame = pd.DataFrame(
        {"customer_id": range(1, n + 1), "value": [values[row % 3] for row in range(n)]}
    )
    path = tmp_path / "crm.csv"
    frame.to_csv(path, index=False, sep=delimiter)
    profile = {column.column: column for column in profile_table(path).columns}["value"]
    assert (profile.kind in ("integer", "numeric"), profile.number_format) == (True, number_format)
    item = next(
        item for item, _ in propose_config(profile_table(path)).numeric if item["column"] == "value"
    )
    assert item["number_format"] == number_format
    parsed = duckdb.sql(f"select {number_sql(repr(values[0]), number_format)}").fetchall()
    assert parsed[0][0] == pytest.approx(first)


def test_row_numbers_written_by_r_or_pandas_are_not_taken_for_the_id(tmp_path):
    # write.csv(row.names = TRUE) puts the row numbers under an empty header; the real id, pidnum,
    # is whole numbers that do not count up.
    rng = np.random.default_rng(3)
    n = 200
    frame = pd.DataFrame(
        {
            "pidnum": 10_000 + rng.choice(90_000, n, replace=False),
            "age": rng.integers(18, 80, n),
            "income": rng.normal(40_000, 9_000, n).round(),
        },
        index=range(1, n + 1),
    )
    r_export = tmp_path / "r_export.csv"
    frame.to_csv(r_export, index_label="")
    proposal = propose_config(profile_table(r_export))
    assert proposal.id_column == "pidnum"
    assert dict(proposal.left_out)["column0"].startswith("the file's row numbers")
    assert "column0" not in [item["column"] for item, _ in proposal.numeric]

    # A pandas export with its index (0, 1, 2, ...) and no id column of its own: the row numbers
    # are the only key, taken with a note that they last only while the rows keep their order.
    no_id = tmp_path / "pandas_export.csv"
    frame.drop(columns="pidnum").reset_index(drop=True).to_csv(no_id)
    proposal = propose_config(profile_table(no_id))
    assert proposal.id_column == "column0"
    assert "row numbers" in proposal.id_reason


def test_camel_case_headers_get_snake_case_feature_names(tmp_path):
    # The Telco churn export: MonthlyCharges, SeniorCitizen, customerID.
    rng = np.random.default_rng(5)
    n = 120
    frame = pd.DataFrame(
        {
            "customerID": [f"{1000 + i}-ABCDE" for i in range(n)],
            "MonthlyCharges": rng.uniform(18, 120, n).round(2),
            "NumWebPurchases": rng.integers(0, 20, n),
            "PaymentMethod": rng.choice(["Electronic check", "Mailed check"], n),
            "StreamingTV": rng.choice(["Yes", "No", "No internet service"], n),
        }
    )
    path = tmp_path / "telco.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    names = {item["column"]: item["name"] for item, _ in proposal.numeric + proposal.categorical}
    assert names == {
        "MonthlyCharges": "monthly_charges",
        "NumWebPurchases": "num_web_purchases",
        "PaymentMethod": "payment_method",
        "StreamingTV": "streaming_tv",
    }
    assert proposal.id_column == "customerID"


@pytest.mark.parametrize("with_signup", [True, False])
def test_a_date_of_birth_is_an_age_and_never_the_as_of_date(tmp_path, with_signup):
    # Fair's survey with a date of birth: counted to the newest birth date, the youngest
    # respondent would be 0 days old and every age would shift with the file.
    import datetime

    rng = np.random.default_rng(5)
    births = pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 22_000, 200), "D")
    frame = pd.DataFrame(
        {
            "CustomerID": [f"CUST-{i:04d}" for i in range(200)],
            "Date of Birth": births.strftime("%m/%d/%Y"),
            "spend": rng.integers(10, 900, 200),
        }
    )
    if with_signup:
        frame["signup_date"] = [f"2024-0{1 + i % 9}-{1 + i % 28:02d}" for i in range(200)]
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path), today=datetime.date(2026, 12, 6))
    expected = max(frame["signup_date"]) if with_signup else "2026-12-06"
    assert proposal.as_of_date == expected
    born = next(item for item, _ in proposal.numeric if item["column"] == "Date of Birth")
    assert (born["name"], born["derive"], born["unit"]) == ("age", "years_since", "years")
    assert born["range"] == [0, 110]


def test_a_table_without_a_header_row_is_read_from_its_first_line(tmp_path):
    # The first line's values have the types of the lines below it: it is data, not names.
    path = tmp_path / "customers.csv"
    path.write_text(
        "".join(
            f"{1000 + i},{20 + i % 40},{i * 7 % 100}.5,2021-03-{1 + i % 28:02d}\n"
            for i in range(60)
        )
    )
    profile = profile_table(path)
    assert (profile.header, profile.rows) == (False, 60)
    rendered = render_config(propose_config(profile))
    assert "header: false  # the first line is data" in rendered
    table = yaml.safe_load(rendered)["user_table"]
    assert (table["header"], table["id_column"]) == (False, "column0")


def test_the_columns_of_a_table_without_a_header_row_take_the_names_given(tmp_path):
    # UCI's adult.data: no header row; the features were named column1, column2, ...
    path = tmp_path / "customers.csv"
    path.write_text(
        "".join(
            f"{1000 + i},{20 + i % 40},{i * 7 % 100}.5,{('a', 'b')[i % 2]}\n" for i in range(60)
        )
    )
    names = ["customer_id", "age", "monthly_spend", "plan"]
    profile = profile_table(path, column_names=names)
    assert [column.column for column in profile.columns] == names
    assert profile.rows == 60  # the first line is a customer
    table = yaml.safe_load(render_config(propose_config(profile)))["user_table"]
    assert (table["header"], table["column_names"], table["id_column"]) == (
        False,
        names,
        "customer_id",
    )
    assert {item["column"] for item in table["numeric_features"]} == {"age", "monthly_spend"}


def test_a_headerless_table_whose_first_column_is_a_measure_stays_a_table(tmp_path):
    # UCI's adult.data: no header, the first column is an age (73 values over 32,561 people); it
    # was taken for the user id of a log of 73 "users".
    rng = np.random.default_rng(12)
    rows = 20_000
    work = ("State-gov", "Private", "?")
    lines = [
        f"{rng.integers(17, 90)}, {work[r % 3]}, {rng.integers(10**4, 10**6)}, "
        f"{rng.integers(1, 99)}, {('<=50K', '>50K')[r % 2]}"
        for r in range(rows)
    ]
    path = tmp_path / "adult.data"
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "adult.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert variables["user_source"] == "table"
    assert variables["user_table"]["row_ids"] is True


def test_column_names_that_repeat_a_name_are_refused(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("".join(f"{1000 + i},{20 + i % 40},{i % 3}\n" for i in range(30)))
    result = CliRunner().invoke(
        main, ["scaffold", str(path), "--column-names", "id,age,age", "--kind", "user-table"]
    )
    assert result.exit_code != 0
    assert "--column-names repeats a name: id, age, age" in result.output


def test_a_numeric_column_with_too_many_typos_is_left_out_as_such(tmp_path):
    # 6% text in an income column: too many to quarantine, and not 78 categories either.
    incomes = [str(20 + i % 70) if i % 17 else "n/a k$" for i in range(200)]
    path = tmp_path / "mall.csv"
    pd.DataFrame(
        {"customer_id": range(1, 201), "income": incomes, "score": [i % 99 for i in range(200)]}
    ).to_csv(path, index=False)
    left_out = dict(propose_config(profile_table(path)).left_out)
    assert left_out["income"].startswith("numbers in 94% of its rows, but 12 are not")
    assert "'n/a k$'" in left_out["income"]


def test_a_file_mixing_crlf_and_lf_line_endings_is_named_with_the_fix(tmp_path):
    path = tmp_path / "customers.csv"
    lines = ["customer_id,age,score", *(f"{i},{20 + i % 50},{i % 97}" for i in range(1, 60))]
    path.write_bytes(("\r\n".join(lines[:30]) + "\n" + "\r\n".join(lines[30:]) + "\r\n").encode())
    output = refused_scaffold(path)
    assert "mixes line endings: 59 lines end with CRLF (Windows) and 1 with LF alone" in output


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.0, "0%"), (1 / 8950, "under 0.1%"), (11 / 7043, "0.2%"), (0.0099, "1.0%"), (0.25, "25%")],
)
def test_a_share_of_a_few_rows_is_not_rounded_to_nothing(share, text):
    # Telco's 11 blank TotalCharges in 7,043 rows read "0% missing".
    assert share_text(share) == text


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("CASH_ADVANCE_TRX", "Cash advance TRX"),  # the credit card clustering data's headers
        ("PRC_FULL_PAYMENT", "PRC full payment"),
        ("BALANCE", "Balance"),
        ("Q7_SERVICE_QUALITY", "Q7 service quality"),
        ("ARPU_USD", "ARPU USD"),
        ("NPS", "NPS"),
        ("MPG.city", "MPG city"),
        ("yrs.since.PhD", "Yrs since PhD"),
        ("MonthlyCharges", "Monthly charges"),
        ("StreamingTV", "Streaming TV"),  # Telco's, was "StreamingTV" named streamingtv
        ("totalGB", "Total GB"),
    ],
)
def test_an_all_capitals_header_is_labelled_in_sentence_case_keeping_abbreviations(header, label):
    # Segments of the credit card data were named "High PURCHASES TRX, high PURCHASES".
    assert label_for(header) == label


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("energy(kWh/hh)", "Energy (kWh/hh)"),  # London smart meters
        ("Annual Income (k$)", "Annual income (k$)"),  # Mall Customers
        ("PRICE_(USD)", "Price (USD)"),
        ("(code)", "(code)"),
    ],
)
def test_a_unit_in_parentheses_is_kept_as_written(header, label):
    assert label_for(header) == label


def test_a_file_with_many_rows_per_user_is_not_scaffolded_as_a_user_table(tmp_path):
    # Instacart's orders.csv: one row per order, user_id repeating, no timestamp to be a log.
    path = tmp_path / "orders.csv"
    pd.DataFrame(
        {
            "order_id": range(1, 601),
            "user_id": [1 + i % 50 for i in range(600)],
            "order_dow": [i % 7 for i in range(600)],
            "days_since_prior_order": [i % 30 for i in range(600)],
        }
    ).to_csv(path, index=False)
    out = tmp_path / "orders.yml"
    # No time column: an undated log of each user's orders.
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "an undated event_log config ('user_id' repeats, 50 users over 600 rows" in said
    assert yaml.safe_load(out.read_text())["event_log"]["undated"] is True
    # Asked for, the rows are segmented.
    result = CliRunner().invoke(
        main, ["scaffold", str(path), "--out", str(out), "--kind", "user-table", "--force"]
    )
    assert result.exit_code == 0, result.output
    assert "user_table" in yaml.safe_load(out.read_text())


def test_encounters_of_repeating_patients_are_not_scaffolded_as_a_table_of_users(tmp_path):
    # The diabetes data: encounter_id is unique, patient_nbr repeats (70 patients per 100
    # encounters); encounters were segmented as users with patient_nbr clustered as a measure.
    rng = np.random.default_rng(9)
    rows = 1_000
    path = tmp_path / "diabetic_data.csv"
    pd.DataFrame(
        {
            "encounter_id": rng.permutation(np.arange(2_000_000, 2_000_000 + rows * 7, 7)),
            "patient_nbr": np.concatenate([np.arange(700), rng.integers(0, 700, 300)]) * 11 + 135,
            "time_in_hospital": rng.integers(1, 15, rows),
            "num_medications": rng.integers(1, 60, rows),
        }
    ).to_csv(path, index=False)
    out = tmp_path / "encounters.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    log = yaml.safe_load(out.read_text())["event_log"]
    assert (log["user_id"], log["undated"], log["event_id"]) == (
        "patient_nbr",
        True,
        "encounter_id",
    )


def test_an_ad_log_without_times_is_a_log_of_its_devices_not_its_sites(tmp_path):
    # Avazu's clicks: no column read as a time, and site_id (an opaque key with fewer values)
    # was taken for the user; device_id is who clicked.
    rng = np.random.default_rng(3)
    rows = 1_200
    pd.DataFrame(
        {
            "id": rng.permutation(rows) * 7919 + 10**15,
            "click": rng.integers(0, 2, rows),
            "site_id": [f"{rng.integers(0, 40):08x}" for _ in range(rows)],
            "device_id": [f"{rng.integers(0, 200) * 977 + 10**7:08x}" for _ in range(rows)],
            "banner_pos": rng.integers(0, 3, rows),
        }
    ).to_csv(tmp_path / "train.csv", index=False)
    out = tmp_path / "clicks.yml"
    result = CliRunner().invoke(main, ["scaffold", str(tmp_path / "train.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["event_log"]["user_id"] == "device_id"


def test_zero_padded_codes_and_other_languages_ids_are_not_measures(tmp_path):
    # A ZIP code with leading zeros was clustered as a number (6.2x the average); a German
    # export's Kundennummer (customer number) lost the id to the name column and was clustered.
    rows = 60
    frame = pd.DataFrame(
        {
            "Name": [f"Kunde {i}" for i in range(rows)],
            "Kundennummer": [10_000 + 7 * i for i in range(rows)],
            "zip_code": [f"{501 + (i % 12) * 37:05d}" for i in range(rows)],
            "Umsatz": [round(100 + i * 13.7 % 250, 2) for i in range(rows)],
            "Bestellungen": [1 + i % 9 for i in range(rows)],
        }
    )
    path = tmp_path / "kunden.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    assert proposal.id_column == "Kundennummer"
    numeric = {item["column"] for item, _ in proposal.numeric}
    assert numeric == {"Umsatz", "Bestellungen"}
    zip_code = next(
        (item, reason) for item, reason in proposal.categorical if item["column"] == "zip_code"
    )
    assert zip_code[1].startswith("a code (written with leading zeros), not a measure")


def test_a_german_export_s_thousands_dots_dates_and_birth_years_are_read(tmp_path):
    # Kreditlimit 25.000 was read as 25 (below a limit of 500) and Umsatz 1.234 as 1.234, with no
    # warning; Kunde seit (dd.mm.yy) was "high cardinality", Geburtsjahr a plain number.
    rows = 120
    lines = ["Kundennr;Kreditlimit;Umsatz;Geburtsjahr;Kunde seit;Punkte"]
    for i in range(rows):
        limit = ("500", "2.500", "25.000", "10.000")[i % 4]
        turnover = f"{(i * 7_919) % 40_000 + 17:,}".replace(",", ".")
        lines.append(
            f"{i + 1:06d};{limit};{turnover};{1940 + i % 60};"
            f"{1 + i % 28:02d}.{1 + i % 12:02d}.{10 + i % 13:02d};{i % 7}.{(i * 3) % 10}"
        )
    path = tmp_path / "kunden.csv"
    path.write_text("\n".join(lines) + "\n")
    proposal = propose_config(profile_table(path))
    numeric = {item["column"]: item for item, _ in proposal.numeric}
    assert numeric["Kreditlimit"]["number_format"] == "decimal_comma"
    assert numeric["Umsatz"]["number_format"] == "decimal_comma"
    # 1.5 points is a decimal, as in any file: not every dotted value has three digits after it.
    assert "number_format" not in numeric["Punkte"]
    assert numeric["Geburtsjahr"]["derive"] == "age_from_birth_year"
    assert numeric["Kunde seit"]["format"] == "%d.%m.%y"


def test_a_spreadsheet_s_day_numbers_are_a_date_not_a_measure(tmp_path):
    # An "Open Date" of 36526-45290 (2000-01-01 to 2023-12-30) was clustered as a number.
    rows = 120
    frame = pd.DataFrame(
        {
            "account": range(1, rows + 1),
            "Open Date": [36_526 + (i * 7_919) % 8_765 for i in range(rows)],
            "balance": [round(100 + (i * 37) % 900 / 3, 2) for i in range(rows)],
        }
    )
    path = tmp_path / "accounts.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    opened = next(item for item, _ in proposal.numeric if item["column"] == "Open Date")
    assert (opened["derive"], opened["format"]) == ("days_since", "excel_serial")
    newest = pd.Timestamp("1899-12-30") + pd.Timedelta(days=int(frame["Open Date"].max()))
    assert proposal.as_of_date == newest.strftime("%Y-%m-%d")


def test_a_column_named_like_row_numbers_is_not_the_id_beside_a_customer_id(tmp_path):
    # The bank churn data: RowNumber 1, 2, 3, ... beat CustomerId, so users were keyed by their
    # position in the file and CustomerId was left out.
    rows = 200
    frame = pd.DataFrame(
        {
            "RowNumber": range(1, rows + 1),
            "CustomerId": [15_565_701 + (i * 7_919) % 99_991 for i in range(rows)],
            "CreditScore": [350 + (i * 37) % 500 for i in range(rows)],
            "Balance": [round((i * 7_717) % 250_000 / 3, 2) for i in range(rows)],
        }
    )
    path = tmp_path / "Churn_Modelling.csv"
    frame.to_csv(path, index=False)
    assert propose_config(profile_table(path)).id_column == "CustomerId"
    alone = tmp_path / "alone.csv"
    frame.drop(columns="CustomerId").to_csv(alone, index=False)
    proposal = propose_config(profile_table(alone))
    assert proposal.id_column == "RowNumber"
    assert "named like the file's row numbers" in proposal.id_reason


def test_whole_numbers_named_like_a_kind_of_thing_are_codes_not_measures(tmp_path):
    # UCI's online shoppers and wholesale customers code browsers, traffic types and regions as
    # 1, 2, 3, ...; hotel bookings' agent has 300 agency numbers: all were clustered as amounts.
    rng = np.random.default_rng(3)
    rows = 600
    frame = pd.DataFrame(
        {
            "Region": rng.integers(1, 10, rows),
            "TrafficType": rng.integers(1, 21, rows),
            "OperatingSystems": rng.integers(1, 9, rows),
            "agent": rng.integers(1, 400, rows),
            "store_visits": rng.integers(0, 40, rows),
            "YearsAtCompany": rng.integers(0, 36, rows),  # a span, though "company" is a noun
            "num_devices": rng.integers(1, 6, rows),
            "PageValues": rng.gamma(1.0, 10.0, rows).round(2),
        }
    )
    path = tmp_path / "shoppers.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    assert {item["column"] for item, _ in proposal.numeric} == {
        "store_visits",
        "YearsAtCompany",
        "num_devices",
        "PageValues",
    }
    codes = {item["column"]: reason for item, reason in proposal.categorical}
    assert set(codes) == {"Region", "TrafficType", "OperatingSystems"}
    assert all(item["cluster"] is False for item, _ in proposal.categorical)
    assert codes["Region"].startswith("a code (whole numbers named like a kind of thing)")
    left_out = dict(proposal.left_out)
    assert left_out["agent"].startswith("a code (whole numbers named like a kind of thing;")


def test_a_table_too_small_for_two_full_segments_says_so():
    _, note = capped_k_range((2, 8), 15)
    assert "15 users cannot make two segments of at least 10" in note


def test_a_table_of_categories_alone_is_clustered_on_them(tmp_path):
    # The mushroom data, a telecom table of services: no number to cluster
    # on. The scaffold refused them; the categories are now clustered one-hot, but not an
    # outcome (churn is compared across the segments) nor one of more than 12 values.
    rows = 120
    path = tmp_path / "answers.csv"
    pd.DataFrame(
        {
            "id": range(1, rows + 1),
            "channel": [("Web", "Store", "Phone")[i % 3] for i in range(rows)],
            "contract": [
                ("Month-to-month", "One year", "Two year")[i % 4 % 3] for i in range(rows)
            ],
            "Churn": [("Yes", "No")[i % 2] for i in range(rows)],
            "city": [f"City {i % 20}" for i in range(rows)],
        }
    ).to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    assert proposal.numeric == []
    reasons = {item["column"]: (item["cluster"], reason) for item, reason in proposal.categorical}
    assert reasons["channel"] == (
        True,
        "text with 3 values; clustered one-hot: the table has no numeric column to cluster on",
    )
    assert reasons["contract"][0] is True
    assert reasons["Churn"][0] is False and "named as an outcome" in reasons["Churn"][1]
    assert reasons["city"][0] is False and "more than 12 values" in reasons["city"][1]


def test_answers_on_a_scale_are_clustered_as_their_rank(tmp_path):
    # A satisfaction survey: one-hot, "Agree" is as far from "Strongly agree" as from "Strongly
    # disagree" (silhouette 0.08 on three planted groups); as ranks 1-5 the segments see the
    # scale (0.31).
    agreement = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    rows = 200
    path = tmp_path / "survey.csv"
    pd.DataFrame(
        {
            "respondent": [f"R{i:04d}" for i in range(rows)],
            "q1_service": [agreement[i % 5] for i in range(rows)],
            "q2_price": [(agreement + ["Don't know"])[i % 6] for i in range(rows)],
            "visits": [("Never", "Rarely", "Sometimes", "Often")[i % 4] for i in range(rows)],
            "plan": [("Basic", "Premium")[i % 2] for i in range(rows)],
            "Submit Date (UTC)": [f"2026-11-{1 + i % 28:02d} 10:00:00" for i in range(rows)],
        }
    ).to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    ranked = {item["column"]: (item, reason) for item, reason in proposal.numeric}
    # When the form was sent is not something about the person.
    assert ranked["Submit Date (UTC)"][0]["cluster"] is False
    assert "a survey tool's timestamp" in ranked["Submit Date (UTC)"][1]
    assert ranked["q1_service"][0] == {
        "column": "q1_service", "name": "q1_service", "label": "Q1 service",
        "derive": "rank", "order": agreement,
    }  # fmt: skip
    assert ranked["q1_service"][1] == (
        "answers on a scale: clustered as their rank, 1 (Strongly disagree) to 5 (Strongly agree)"
    )
    assert ranked["q2_price"][0]["order"] == agreement
    assert ranked["q2_price"][0]["missing_values"] == ["Don't know"]
    assert ranked["visits"][0]["order"] == ["Never", "Rarely", "Sometimes", "Often"]
    assert [item["column"] for item, _ in proposal.categorical] == ["plan"]
    written = yaml.safe_load(render_config(proposal, (2, 8)))["user_table"]["numeric_features"]
    assert written[1]["missing_values"] == ["Don't know"]
    assert (
        table_features({"path": "x", "numeric_features": written})["numeric"][1]["derive"] == "rank"
    )
    with pytest.raises(ConfigError, match="needs both derive: rank and order"):
        table_features({"path": "x", "numeric_features": [{"column": "q1", "derive": "rank"}]})


def test_a_table_with_nothing_to_cluster_on_is_refused_with_what_to_add(tmp_path):
    path = tmp_path / "labels.csv"
    pd.DataFrame(
        {
            "id": range(1, 101),
            "churned": [("yes", "no")[i % 2] for i in range(100)],
            "city": [f"City {i % 20}" for i in range(100)],
        }
    ).to_csv(path, index=False)
    message = refused_scaffold(path)
    assert "no column to cluster on (0 numeric, 2 categorical, 0 left out)" in message
    assert "categories of at most 12 values" in message


def test_a_title_line_above_headerless_data_is_skipped(tmp_path):
    # UCI's adult.test: "|1x3 Cross validator", then rows without a header.
    path = tmp_path / "adult.test"
    rows = [f"{20 + i % 50}, Private, {100_000 + i * 37}, Bachelors, {i % 16}" for i in range(80)]
    path.write_text("|1x3 Cross validator\n" + "\n".join(rows) + "\n")
    out = tmp_path / "adult.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["user_table"]["header"] is False


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("reviews.jsonl", "is JSON: the scaffold and the build read CSV"),
        ("reviews.JSON", "is JSON"),
        ("customers.xlsx", "is a spreadsheet"),
    ],
)
def test_json_and_spreadsheet_files_are_named_with_the_conversion(tmp_path, name, said):
    # Yelp's JSON lines read as CSV gave "19812 malformed line(s)"; an xlsx, a sniffing error.
    path = tmp_path / name
    path.write_text('{"user_id": 1, "stars": 4, "text": "good, cheap"}\n' * 50)
    output = refused_scaffold(path)
    assert said in output
    assert "malformed" not in output and "--delimiter" not in output


def test_a_parquet_file_with_an_upper_case_suffix_is_read_as_parquet(tmp_path):
    path = tmp_path / "ACCOUNTS.PARQUET"
    pd.DataFrame({"account_id": range(1, 201), "balance": np.linspace(10, 900, 200)}).to_parquet(
        path
    )
    profile = profile_table(path)
    assert profile.delimiter is None
    assert [column.column for column in profile.columns] == ["account_id", "balance"]


def test_a_date_split_over_columns_is_left_out_and_a_birth_year_stays_an_age(tmp_path):
    # Hotel bookings: arrival_date_year (3 values) and arrival_date_week_number were clustered as
    # measures and arrival_date_month ("July") profiled as a category.
    rng = np.random.default_rng(4)
    n = 300
    frame = pd.DataFrame(
        {
            "booking_id": np.arange(1, n + 1),
            "arrival_date_year": rng.choice([2015, 2016, 2017], n),
            "arrival_date_month": rng.choice(["July", "August", "December"], n),
            "arrival_date_week_number": rng.integers(1, 54, n),
            "arrival_date_day_of_month": rng.integers(1, 32, n),
            "lead_time": rng.gamma(2.0, 40.0, n).round(),
            "birth_year": rng.integers(1950, 2000, n),
            "birth_month": rng.integers(1, 13, n),
        }
    )
    path = tmp_path / "bookings.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    reasons = dict(proposal.left_out)
    for part in ("year", "month", "week_number", "day_of_month"):
        assert reasons[f"arrival_date_{part}"].startswith("a part of a date split over columns")
    features = {item["column"]: item for item, _ in proposal.numeric + proposal.categorical}
    assert "lead_time" in features
    assert features["birth_year"]["derive"] == "age_from_birth_year"
    assert "birth_month" in reasons


def test_numeric_columns_that_move_together_are_clustered_once(tmp_path):
    # UCI student performance: the grades G1, G2 and G3 (rank correlation 0.9-0.96) were all
    # clustered, so grades weighed three times and named every segment.
    rng = np.random.default_rng(8)
    n = 400
    ability = rng.normal(11, 3, n)
    frame = pd.DataFrame(
        {
            "student_id": np.arange(1, n + 1),
            "absences": rng.poisson(5, n),
            "G1": np.clip(ability + rng.normal(0, 0.8, n), 0, 20).round(),
            "G2": np.clip(ability + rng.normal(0, 0.8, n), 0, 20).round(),
            "G3": np.clip(ability + rng.normal(0, 0.9, n), 0, 20).round(),
            "studytime": rng.integers(1, 5, n),
        }
    )
    path = tmp_path / "student.csv"
    frame.to_csv(path, sep=";", index=False)
    proposal = propose_config(profile_table(path))
    items = {item["column"]: (item, reason) for item, reason in proposal.numeric}
    assert items["G1"][0].get("cluster", True)
    for grade in ("G2", "G3"):
        item, reason = items[grade]
        assert item["cluster"] is False
        assert "profiled, not clustered: it moves with G1 (rank correlation" in reason
    assert items["absences"][0].get("cluster", True)
    assert items["studytime"][0].get("cluster", True)


def test_days_since_a_date_gets_name_phrases_that_read_as_english(tmp_path):
    # Segments were named "Low days since signup date" and "Low days since last login".
    rng = np.random.default_rng(6)
    n = 200
    days = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    frame = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            "signup_date": days.strftime("%Y-%m-%d"),
            "last_login": (days + pd.Timedelta(days=30)).strftime("%Y-%m-%d"),
            "order_date": (days + pd.Timedelta(days=9)).strftime("%Y-%m-%d"),
            "orders": rng.poisson(3, n),
        }
    )
    path = tmp_path / "accounts.csv"
    frame.to_csv(path, index=False)
    items = {item["column"]: item for item, _ in propose_config(profile_table(path)).numeric}
    phrases = {column: (items[column]["high_phrase"], items[column]["low_phrase"]) for column in (
        "signup_date", "last_login", "order_date")}  # fmt: skip
    assert phrases == {
        "signup_date": ("long-standing", "newcomers"),
        "last_login": ("lapsing", "recently active"),
        "order_date": ("order date long ago", "recent order date"),
    }


def test_a_blank_last_activity_date_is_filled_as_never_and_a_blank_signup_with_the_median(
    tmp_path,
):
    # A blank last login got the median: a user who never logged in looked 40 days ago.
    rng = np.random.default_rng(7)
    n = 200
    days = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    last_login = pd.Series(days.strftime("%Y-%m-%d"))
    last_login[:30] = ""
    signup = pd.Series((days - pd.Timedelta(days=100)).strftime("%Y-%m-%d"))
    signup[:10] = ""
    frame = pd.DataFrame(
        {"customer_id": np.arange(1, n + 1), "signup_date": signup, "last_login": last_login,
         "orders": rng.poisson(3, n)}
    )  # fmt: skip
    path = tmp_path / "accounts.csv"
    frame.to_csv(path, index=False)
    items = {
        item["column"]: (item, reason)
        for item, reason in propose_config(profile_table(path)).numeric
    }
    assert items["last_login"][0]["missing"] == "max"
    assert "missing: never, so filled with the longest time since (max)" in items["last_login"][1]
    assert items["signup_date"][0]["missing"] == "median"


def test_a_file_mixing_encodings_is_named_by_line_not_sent_to_iconv(tmp_path):
    # UTF-8 rows with 3 Latin-1 rows appended: "convert with iconv" double-encoded the good rows
    # (São Paulo became SÃ£o Paulo in every mart).
    path = tmp_path / "kunden.csv"
    utf8 = "".join(f"{i},São Paulo,{i % 7}\n" for i in range(1, 41)).encode("utf-8")
    latin1 = "".join(f"{i},Zürich,{i % 5}\n" for i in range(41, 44)).encode("latin-1")
    path.write_bytes(b"kunde_id,stadt,bestellungen\n" + utf8 + latin1)
    output = refused_scaffold(path)
    assert "3 line(s) are not UTF-8 text (the first: line 42)" in output
    assert "while 40 other lines hold UTF-8 accents: the file mixes encodings" in output
    assert "iconv -f" not in output


def test_a_footer_below_the_data_is_named_as_one_and_a_cut_short_line_is_not(tmp_path):
    rows = "".join(f"{i},{20 + i % 50},{i % 97}\n" for i in range(1, 60))
    footer = tmp_path / "with_footer.csv"
    footer.write_text("customer_id,age,score\n" + rows + "\nTotal customers: 59\n")
    assert "comes after the data: a footer (totals or notes" in refused_scaffold(footer)
    cut = tmp_path / "cut_short.csv"
    cut.write_text("customer_id,age,score\n" + rows + "60,33\n")
    output = refused_scaffold(cut)
    assert "line 61" in output and "a footer" not in output


def test_a_survey_weight_and_a_measure_of_one_value_are_profiled_not_clustered(tmp_path):
    # UCI Adult: fnlwgt is how many people a row stands for, and capital_loss is 0 for 95% of
    # people; clustered, they split the people by weight and gave the 5% a segment of their own.
    rng = np.random.default_rng(5)
    n = 600
    table = pd.DataFrame(
        {
            "person": np.arange(n),
            "age": rng.integers(18, 80, n),
            "hours_per_week": rng.integers(10, 70, n),
            "fnlwgt": rng.integers(20_000, 900_000, n),
            "capital_loss": np.where(rng.random(n) < 0.95, 0, rng.integers(1_000, 4_000, n)),
            "visits": np.where(rng.random(n) < 0.7, 0, rng.integers(1, 9, n)),  # 30% differ
        }
    )
    path = tmp_path / "people.csv"
    table.to_csv(path, index=False)
    numeric = {item["column"]: item for item, _ in propose_config(profile_table(path)).numeric}
    clustered = {column for column, item in numeric.items() if item.get("cluster", True)}
    assert clustered == {"age", "hours_per_week", "visits"}


def test_a_measure_that_is_zero_for_nine_in_ten_rows_is_profiled(tmp_path):
    # The online shoppers' SpecialDay is 0 for 89.7% of visits: clustered, its other 10% made
    # two segments of their own.
    rng = np.random.default_rng(51)
    n = 2_000
    table = pd.DataFrame(
        {
            "session": np.arange(n),
            "product_related_duration": rng.gamma(2, 300, n).round(1),
            "special_day": np.where(rng.random(n) < 0.897, 0, rng.choice([0.2, 0.4, 0.8, 1.0], n)),
        }
    )
    path = tmp_path / "shoppers.csv"
    table.to_csv(path, index=False)
    numeric = {item["column"]: item for item, _ in propose_config(profile_table(path)).numeric}
    assert numeric["special_day"]["cluster"] is False
    assert numeric["product_related_duration"].get("cluster", True)


def test_ids_written_as_whole_decimals_are_ids_and_group_codes_are_categories(tmp_path):
    # HR exported by pandas: EmployeeNumber 1.0, 2.0, ... was clustered as a measure and the rows
    # numbered by position; UCI credit default's EDUCATION (1-6) and MARRIAGE (1-3) were
    # clustered as quantities (log1p of a marital status).
    rng = np.random.default_rng(52)
    n = 1_500
    table = pd.DataFrame(
        {
            "EmployeeNumber": np.arange(1, n + 1, dtype=float),
            "MonthlyIncome": rng.gamma(3, 2_000, n).round(0),
            "EDUCATION": rng.choice([0, 1, 2, 3, 4, 5, 6], n),
            "MARRIAGE": rng.choice([1, 2, 3], n),
            "YearsOfEducation": rng.integers(6, 22, n),
        }
    )
    path = tmp_path / "employees.csv"
    table.to_csv(path, index=False)
    proposal = propose_config(profile_table(path))
    assert proposal.id_column == "EmployeeNumber"
    assert {item["column"] for item, _ in proposal.categorical} >= {"EDUCATION", "MARRIAGE"}
    assert "YearsOfEducation" in {item["column"] for item, _ in proposal.numeric}
