"""A customer table as a new user brings it: text ids and planted bad rows, built end to end with
the config `user-segmentation scaffold` wrote, unedited (`dbt build --vars "$(cat cfg.yml)"`).

Answer keys are planted by `planted_customer_tables`; counts are asserted from them, never
copied from a build's output. The two builds run once (one module fixture).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from planted_customer_tables import code_ids, customers, planted_bad_rows, uuid_ids
from sklearn.metrics import adjusted_rand_score

from support import SKIP_UNIT_TESTS, run_dbt, scaffold_and_build
from user_segmentation.cli import main
from user_segmentation.pseudonyms import user_key
from user_segmentation.serving.activation import export_segments
from user_segmentation.serving.publish import open_published, publish_marts
from user_segmentation.tools.ordered_scales import rank_sql


def write_scaffold_and_build(table: pd.DataFrame, work: Path) -> None:
    """Write the table, scaffold its config to cfg.yml and `dbt build` with it unedited."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / "customers.csv"
    table.to_csv(path, index=False)
    scaffold_and_build(path, work)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The planted tables and their built warehouses: UUID ids, and codes with bad rows."""
    work = tmp_path_factory.mktemp("user_table_inputs")
    tables = {
        "uuids": customers(uuid_ids(np.random.default_rng(1), 300)),
        "bad_rows": planted_bad_rows(customers(code_ids(300))),
    }
    for name, table in tables.items():
        write_scaffold_and_build(table.frame, work / name)
    return {name: (table, work / name) for name, table in tables.items()}


def query(work: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as connection:
        return connection.sql(sql).df()


def test_scaffold_proposes_text_ids_tenure_age_and_impossible_value_ranges(planted):
    config = yaml.safe_load((planted["bad_rows"][1] / "cfg.yml").read_text())
    table = config["user_table"]
    assert (table["id_column"], table["id_type"]) == ("customer_ref", "text")
    features = {f["column"]: f for f in table["numeric_features"]}
    assert features["signup_date"]["derive"] == "days_since"
    assert features["birth_year"]["derive"] == "age_from_birth_year"
    assert features["birth_year"]["range"] == [0, 110]  # an older customer is a typo
    assert features["orders"]["range"] == [0, None]
    assert features["annual_income"]["winsorize"] == [0.01, 0.99]
    assert config["as_of_date"] == max(planted["bad_rows"][0].frame["signup_date"])


def test_uuid_ids_are_segmented_once_each_and_found_by_id_in_the_export(planted, tmp_path):
    table, work = planted["uuids"]
    segments = query(work, "select user_key, segment_id from user_segments")
    ids = list(table.frame["customer_ref"])
    assert len(segments) == len(ids) and segments["user_key"].is_unique
    by_key = segments.set_index("user_key")["segment_id"]
    assert set(by_key.index) == {user_key(user_id) for user_id in ids}
    found = by_key.loc[[user_key(user_id) for user_id in ids]].to_numpy()
    assert adjusted_rand_score(table.groups.loc[ids], found) >= 0.9
    typed = query(work, "select typeof(user_id) as t from stg_user_table__users limit 1")
    assert typed["t"].iloc[0] == "VARCHAR"

    publish_marts(work / "warehouse.duckdb", tmp_path / "publish")
    export = export_segments(tmp_path / "publish", tmp_path / "export")
    exported = pd.read_parquet(export.path / "segments.parquet").set_index("user_key")
    someone = ids[17]
    assert exported.loc[user_key(someone), "segment_id"] == by_key[user_key(someone)]

    dashboard = pytest.importorskip("user_segmentation.reporting.dashboard.queries")
    with open_published(tmp_path / "publish") as connection:
        found = dashboard.lookup_user(connection, f"  {someone} ")
    assert list(found["user_key"]) == [user_key(someone)]


def test_planted_bad_rows_and_only_those_are_quarantined_with_their_reason(planted):
    table, work = planted["bad_rows"]
    quarantine = query(
        work,
        "select record_id, quarantine_reason, quarantine_column, source_name from input_quarantine",
    )
    found = sorted(
        ("" if pd.isna(record_id) else record_id, reason, column)
        for record_id, reason, column in quarantine[
            ["record_id", "quarantine_reason", "quarantine_column"]
        ].itertuples(index=False)
    )
    assert found == sorted((record_id or "", *rest) for record_id, *rest in table.quarantined)
    assert set(quarantine["source_name"]) == {"user_table.users"}

    reconciliation = query(work, "select * from input_reconciliation").iloc[0]
    assert reconciliation["rows_read"] == len(table.frame)
    assert reconciliation["rows_quarantined"] == len(table.quarantined)
    assert reconciliation["rows_accepted"] == len(table.frame) - len(table.quarantined)
    assert reconciliation["is_reconciled"]
    segmented = query(work, "select count(*) as n from user_segments")["n"].iloc[0]
    assert segmented == len(table.frame) - len(table.quarantined)


def test_feature_quality_counts_the_planted_blanks_and_clipped_incomes(planted):
    table, work = planted["bad_rows"]
    quality = query(work, "select * from input_feature_quality").set_index("feature_name")
    accepted = table.frame.iloc[: len(table.frame) - len(table.quarantined)]  # bad rows last
    income = pd.to_numeric(accepted["annual_income"]).astype(float)

    row = quality.loc["annual_income"]
    assert row["values_missing_filled"] == 4  # the four planted blanks
    assert row["fill_value"] == pytest.approx(income.median())
    low, high = np.quantile(income.dropna(), [0.01, 0.99])
    filled = income.fillna(income.median())
    assert (row["clip_low"], row["clip_high"]) == (pytest.approx(low), pytest.approx(high))
    assert row["values_clipped_high"] == (filled > high).sum()
    assert row["values_clipped_low"] == (filled < low).sum()
    assert row["rows_quarantined_unparseable"] == 1  # the planted "n/a"
    assert quality.loc["age", "rows_quarantined_by_range"] == 1  # born 1893
    assert quality.loc["orders", "rows_quarantined_by_range"] == 1  # -3 orders
    assert (quality["rows_accepted"] == len(accepted)).all()

    absurd = accepted.index[income == 666_666.0][0]
    features = query(
        work,
        "select annual_income from int_user_features_joined "
        f"where user_id = '{accepted.loc[absurd, 'customer_ref']}'",
    )
    assert features["annual_income"].iloc[0] == pytest.approx(high)


def test_rare_junk_categories_are_merged_into_other_and_counted(planted):
    table, work = planted["bad_rows"]
    quality = query(work, "select * from input_feature_quality").set_index("feature_name")
    channel = quality.loc["channel"]
    assert (channel["categories_merged_into_other"], channel["rows_merged_into_other"]) == (2, 5)
    junk = table.frame.loc[[60, 61, 62, 70, 71], "customer_ref"]
    features = query(
        work,
        "select user_id, channel from int_user_features_joined "
        f"where user_id in ({', '.join(repr(user_id) for user_id in junk)})",
    )
    assert set(features["channel"]) == {"Other"} and len(features) == 5


def test_tenure_and_age_are_derived_at_the_as_of_date(planted):
    table, work = planted["bad_rows"]
    someone = table.frame.iloc[5]
    features = query(
        work,
        "select days_since_signup_date, age from stg_user_table__users "
        f"where user_id = '{someone['customer_ref']}'",
    ).iloc[0]
    as_of = pd.Timestamp(max(table.frame["signup_date"]))
    assert features["days_since_signup_date"] == (as_of - pd.Timestamp(someone["signup_date"])).days
    assert features["age"] == as_of.year - int(someone["birth_year"])
    # The marts state that day (it was the build date, and user_segments.as_of_date was null).
    stated = query(work, "select as_of_date from int_as_of_date_defined")["as_of_date"]
    assert pd.Timestamp(stated.iloc[0]) == as_of
    marts = query(work, "select distinct as_of_date from user_segments")["as_of_date"]
    assert [pd.Timestamp(day) for day in marts] == [as_of]


def test_a_table_s_as_of_date_without_the_var_is_its_newest_date(tmp_path):
    rows = 60
    frame = pd.DataFrame(
        {
            "customer": range(1, rows + 1),
            "joined": [f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(rows)],
            "spend": [10 + (i * 37) % 400 for i in range(rows)],
        }
    )
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    variables = {
        "user_source": "table",
        "user_table": {
            "path": str(path),
            "id_column": "customer",
            "numeric_features": ["spend", {"column": "joined", "derive": "days_since"}],
        },
    }
    result = run_dbt(["build", *SKIP_UNIT_TESTS], tmp_path / "warehouse.duckdb", variables)
    assert result.returncode == 0, result.output[-3000:]
    stated = query(tmp_path, "select * from int_as_of_date_defined").iloc[0]
    assert (pd.Timestamp(stated["as_of_date"]), stated["as_of_source"]) == (
        pd.Timestamp(frame["joined"].max()),
        "newest date",
    )
    marts = query(tmp_path, "select distinct as_of_date from user_segments")["as_of_date"]
    assert [pd.Timestamp(day) for day in marts] == [pd.Timestamp(frame["joined"].max())]


def test_a_table_without_an_id_column_numbers_its_rows_as_users(tmp_path):
    """UCI bank marketing style: no column identifies the customers. The scaffold writes
    row_ids: true and the build numbers the rows in file order, the quarantine by the same
    numbers, so a bad row's record id is its row."""
    table = customers(code_ids(300))
    frame = table.frame.drop(columns="customer_ref")
    frame["orders"] = frame["orders"].astype(object)
    frame.loc[6, "orders"] = "many"  # row 7 of the file's data
    write_scaffold_and_build(frame, tmp_path)
    config = yaml.safe_load((tmp_path / "cfg.yml").read_text())["user_table"]
    assert (config["id_column"], config["row_ids"]) == (None, True)
    quarantine = query(tmp_path, "select record_id, quarantine_reason from input_quarantine")
    assert quarantine.values.tolist() == [["7", "non_numeric_value"]]
    users = query(tmp_path, "select user_id, spending_score from int_user_features_joined")
    assert sorted(users["user_id"]) == [row for row in range(1, 301) if row != 7]
    by_row = users.set_index("user_id")["spending_score"]
    assert by_row[300] == pytest.approx(frame.loc[299, "spending_score"])
    segmented = query(tmp_path, "select count(*) as n from user_segments")["n"].iloc[0]
    assert segmented == 299


def test_a_segment_below_min_cell_size_is_built_with_a_warning(tmp_path):
    """15 customers cannot make two segments of 10 (min_cell_size): the build goes on (k=2 is
    the least there is) and warns about the small segment; publish refuses it unless forced."""
    frame = pd.DataFrame(
        {
            "customer": range(1, 16),
            "spend": [20, 22, 25, 21, 24, 23, 26, 22, 21, 25, 310, 290, 305, 320, 300],
            "visits": [2, 3, 2, 3, 2, 2, 3, 2, 3, 2, 14, 15, 13, 16, 15],
        }
    )
    path = tmp_path / "tiny_shop.csv"
    frame.to_csv(path, index=False)
    config = tmp_path / "cfg.yml"
    assert CliRunner().invoke(main, ["scaffold", str(path), "--out", str(config)]).exit_code == 0
    database = tmp_path / "warehouse.duckdb"
    result = run_dbt(["build", "--vars", config.read_text()], database)
    assert result.returncode == 0, result.output[-3000:]
    assert "WARN 1 segment_has_at_least_min_cell_size_users" in result.output

    # Publishing is where the profiles reach readers: refused, unless forced with a reason.
    publish = ["publish", "--database", str(database), "--publish-dir", str(tmp_path / "pub")]
    refused = CliRunner().invoke(main, publish)
    assert refused.exit_code != 0
    message = " ".join(refused.output.split())
    assert "fewer users than min_cell_size" in message and "--force --reason" in message
    assert not (tmp_path / "pub" / "current").exists()
    forced = CliRunner().invoke(main, [*publish, "--force", "--reason", "a pilot of 15 customers"])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "pub" / "current" / "segment_profiles.parquet").is_file()


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_a_json_or_spreadsheet_input_stops_the_build_naming_the_format(tmp_path, suffix):
    # Read as CSV, Yelp's JSON lines stopped the build with 19,812 "malformed lines".
    path = tmp_path / f"customers{suffix}"
    path.write_text('{"customer_id": 1, "spend": 4.5}\n' * 30)
    variables = {
        "user_source": "table",
        "user_table": {
            "path": str(path),
            "id_column": "customer_id",
            "numeric_features": ["spend"],
        },
    }
    result = run_dbt(
        ["run", "--select", "stg_user_table__users_typed"], tmp_path / "w.duckdb", variables
    )
    assert result.returncode != 0
    said = "is JSON" if suffix == ".jsonl" else "is a spreadsheet"
    assert f"Input file '{path}' (var 'user_table.path') {said}" in result.output
    assert "malformed" not in result.output


def test_accounting_negatives_in_parentheses_are_negative_numbers(tmp_path):
    # A ledger export writes -1,328.83 as (1,328.83): the scaffold left the column out as text,
    # and with number_format grouped the build quarantined those rows as non_numeric_value.
    rows = 80
    amounts = [(-1) ** i * (1_000 + i * 37.25) for i in range(rows)]
    written = [f"({-a:,.2f})" if a < 0 else f"{a:,.2f}" for a in amounts]
    path = tmp_path / "ledger.csv"
    pd.DataFrame(
        {"account": range(1, rows + 1), "net_position": written, "trades": range(rows)}
    ).to_csv(path, index=False)
    config = tmp_path / "cfg.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(config)])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(config.read_text())
    position = next(
        f for f in variables["user_table"]["numeric_features"] if f["column"] == "net_position"
    )
    assert position["number_format"] == "grouped"
    build = run_dbt(
        ["run", "--select", "+stg_user_table__users"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode == 0, build.output[-3000:]
    read = query(tmp_path, "select net_position from stg_user_table__users order by user_id")
    assert read["net_position"].tolist() == pytest.approx(amounts)


def test_a_table_without_a_header_row_is_read_by_the_column_names_given(tmp_path):
    # UCI's adult.data has no header row: the names come with the scaffold's --column-names.
    lines = [f"{100 + r},{20 + r % 50},{(r * 37) % 900 + 0.5}" for r in range(60)]
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(lines) + "\n")
    config = tmp_path / "cfg.yml"
    names = ["customer", "age", "spend"]
    result = CliRunner().invoke(
        main, ["scaffold", str(path), "--out", str(config), "--column-names", ",".join(names)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(config.read_text())
    assert variables["user_table"]["column_names"] == names
    build = run_dbt(
        ["run", "--select", "+stg_user_table__users"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode == 0, build.output[-3000:]
    read = query(tmp_path, "select user_id, age, spend from stg_user_table__users order by 1")
    assert read.values.tolist() == [[float(v) for v in line.split(",")] for line in lines]


def test_a_header_repeated_inside_a_user_table_is_quarantined_as_one(tmp_path):
    part = ["customer,spend,visits"] + [f"C{r:03d},{10 + r},{r % 7}" for r in range(60)]
    second = ["customer,spend,visits"] + [f"D{r:03d},{20 + r},{r % 5}" for r in range(60)]
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(part + second) + "\n")
    variables = {
        "user_source": "table",
        "user_table": {
            "path": str(path), "id_column": "customer", "id_type": "text",
            "numeric_features": ["spend", "visits"],
        },
    }  # fmt: skip
    build = run_dbt(
        ["run", "--select", "+input_quarantine"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode == 0, build.output[-3000:]
    quarantined = query(
        tmp_path, "select quarantine_reason, source_row_number from input_quarantine"
    )
    assert quarantined.to_dict("records") == [
        {"quarantine_reason": "repeated_header", "source_row_number": 61}
    ]


def test_a_spreadsheet_s_day_numbers_are_read_as_dates_by_the_build(tmp_path):
    serials = [36_526, 40_000, 45_290]  # 2000-01-01, 2009-07-06, 2023-12-30
    path = tmp_path / "accounts.csv"
    pd.DataFrame({"account": [1, 2, 3], "opened": serials, "spend": [5, 6, 7]}).to_csv(
        path, index=False
    )
    variables = {
        "user_source": "table",
        "as_of_date": "2023-12-31",
        "user_table": {
            "path": str(path), "id_column": "account",
            "numeric_features": ["spend", {"column": "opened", "derive": "days_since",
                                           "format": "excel_serial"}],
        },
    }  # fmt: skip
    build = run_dbt(
        ["run", "--select", "+stg_user_table__users"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode == 0, build.output[-3000:]
    days = query(tmp_path, "select opened from stg_user_table__users order by user_id")
    as_of = pd.Timestamp("2023-12-31")
    expected = [(as_of - (pd.Timestamp("1899-12-30") + pd.Timedelta(days=s))).days for s in serials]
    assert days["opened"].tolist() == expected


def test_a_blank_last_login_filled_with_max_is_the_longest_lapse(tmp_path):
    path = tmp_path / "accounts.csv"
    pd.DataFrame(
        {"account": [1, 2, 3, 4], "last_login": ["2023-12-01", "2023-06-30", "", "2023-12-30"],
         "spend": [5, 6, 7, 8]}
    ).to_csv(path, index=False)  # fmt: skip
    variables = {
        "user_source": "table",
        "as_of_date": "2023-12-31",
        "user_table": {
            "path": str(path), "id_column": "account",
            "numeric_features": ["spend", {"column": "last_login", "derive": "days_since",
                                           "missing": "max"}],
        },
    }  # fmt: skip
    build = run_dbt(
        ["run", "--select", "+int_user_features_joined", "+input_feature_quality"],
        tmp_path / "warehouse.duckdb",
        variables,
    )
    assert build.returncode == 0, build.output[-3000:]
    days = query(tmp_path, "select last_login from int_user_features_joined order by user_id")
    assert days["last_login"].tolist() == [30, 184, 184, 1]  # never: as long ago as the longest
    quality = query(
        tmp_path,
        "select values_missing_filled, fill_value from input_feature_quality "
        "where feature_name = 'last_login'",
    )
    assert quality.values.tolist() == [[1, 184]]


def categorical_customers(users_per_group: int = 400) -> tuple[pd.DataFrame, np.ndarray]:
    """A telecom customer table of categories only (no number to cluster on), with three planted
    groups of contract, internet service and payment method, a churn label and a noise column."""
    rng = np.random.default_rng(7)
    groups = {
        "Contract": [["Two year", "Month-to-month", "One year"]] * 3,
        "InternetService": [["DSL", "Fiber optic", "No"]] * 3,
        "PaymentMethod": [["Bank transfer", "Electronic check", "Mailed check"]] * 3,
    }
    truth = np.repeat(np.arange(3), users_per_group)
    frame = pd.DataFrame({"customerID": [f"C{i:05d}" for i in range(len(truth))]})
    for column, choices in groups.items():
        # Each group takes its own value 85% of the time, the others 7.5% each.
        frame[column] = [
            choices[group][group if rng.random() < 0.85 else rng.integers(3)] for group in truth
        ]
    frame["gender"] = rng.choice(["Female", "Male"], size=len(truth))
    frame["Churn"] = np.where((truth == 1) & (rng.random(len(truth)) < 0.6), "Yes", "No")
    return frame, truth


def test_a_table_of_categories_alone_is_scaffolded_built_and_segmented(tmp_path):
    table, truth = categorical_customers()
    write_scaffold_and_build(table, tmp_path)

    config = yaml.safe_load((tmp_path / "cfg.yml").read_text())["user_table"]
    assert config["numeric_features"] == []
    clustered = {f["column"]: f["cluster"] for f in config["categorical_features"]}
    assert clustered == {
        "Contract": True, "InternetService": True, "PaymentMethod": True, "gender": True,
        "Churn": False,  # an outcome: compared across the segments, not used to form them
    }  # fmt: skip
    profiles = query(tmp_path, "select * from segment_profiles order by segment_id")
    assert profiles["user_count"].sum() == len(table)
    assert profiles["segment_name"].is_unique and "Average users" not in set(
        profiles["segment_name"]
    )
    scored = query(tmp_path, "select user_id, segment_id from int_user_segments_scored")
    planted = pd.Series(truth, index=table["customerID"])
    # Every segment is mostly one planted group (a group may split, on gender, into two).
    majority = pd.crosstab(scored["segment_id"], planted[scored["user_id"]].to_numpy()).max(axis=1)
    assert majority.sum() / len(table) >= 0.8
    churn_mode = dict(zip(profiles["segment_name"], profiles["churn_mode"], strict=True))
    assert "Yes" in churn_mode.values()  # the churners' group stands out on the label it left out


def test_answers_on_a_scale_are_read_as_their_rank(tmp_path):
    path = tmp_path / "survey.csv"
    answers = ["Agree", " strongly AGREE", "Disagree", "Don't know", "Sort of", "Neutral",
               "Neither agree nor disagree"]  # fmt: skip
    pd.DataFrame({"respondent": range(1, 8), "q1": answers, "spend": range(7)}).to_csv(
        path, index=False
    )
    # A level written two ways is one rank (Shopping Trends' Quarterly and Every 3 Months).
    neutral = ["Neutral", "Neither agree nor disagree"]
    scale = ["Strongly disagree", "Disagree", neutral, "Agree", "Strongly agree"]
    variables = {
        "user_source": "table",
        "user_table": {
            "path": str(path), "id_column": "respondent",
            "numeric_features": [
                "spend",
                {"column": "q1", "derive": "rank", "order": scale, "label": "Q1 Service quality",
                 "missing_values": ["Don't know"]},
            ],
        },
    }  # fmt: skip
    build = run_dbt(
        [
            "run",
            "--select",
            "+stg_user_table__users",
            "+input_quarantine",
            "+input_feature_quality",
            "+int_feature_labels_defined",
        ],
        tmp_path / "warehouse.duckdb",
        variables,
    )
    assert build.returncode == 0, build.output[-3000:]
    ranks = query(tmp_path, "select user_id, q1 from stg_user_table__users order by user_id")
    # Ranks 4, 5, 2, 3 and 3; "Don't know" is missing (filled by the feature's rule downstream).
    assert ranks["user_id"].tolist() == [1, 2, 3, 4, 6, 7]
    assert ranks["q1"].tolist()[:3] == [4.0, 5.0, 2.0] and ranks["q1"].tolist()[4:] == [3.0, 3.0]
    assert pd.isna(ranks["q1"].tolist()[3])
    # The scaffold's twin of the answer_rank macro (it has no dbt) ranks the same answers alike.
    twin = (
        duckdb.sql(
            f"select {rank_sql('q1', scale)} as q1 from read_csv('{path}', all_varchar = true) "
            "order by respondent::int"
        )
        .df()["q1"]
        .astype(float)
        .tolist()
    )
    built = pd.Series([twin[user - 1] for user in ranks["user_id"]], dtype=float)
    pd.testing.assert_series_equal(built, ranks["q1"].astype(float), check_names=False)
    assert pd.isna(twin[4])  # "Sort of": off the scale, quarantined by the build
    quarantined = query(
        tmp_path, "select quarantine_reason, quarantine_column, raw_value from input_quarantine"
    )
    assert quarantined.values.tolist() == [["value_not_in_order", "q1", "Sort of"]]
    quality = query(
        tmp_path,
        "select values_missing_filled, rows_quarantined_unparseable from input_feature_quality "
        "where feature_name = 'q1'",
    )
    assert quality.values.tolist() == [[1, 1]]
    phrases = query(
        tmp_path,
        "select high_phrase from int_feature_labels_defined where feature_name = 'q1'",
    )
    assert phrases["high_phrase"].tolist() == ["high Q1 service quality"]  # not "high q1 ..."


def test_a_category_written_in_several_cases_is_one_category(tmp_path):
    # IBM HR: 40 rows wrote travel_rarely, the rest Travel_Rarely: "text with 6 values", and
    # the 40 users went to Other.
    rng = np.random.default_rng(3)
    rows = 600
    travel = rng.choice(["Travel_Rarely", "Travel_Frequently", "Non-Travel"], rows)
    travel[:40] = "travel_rarely"
    travel[40:45] = "TRAVEL_FREQUENTLY"
    table = pd.DataFrame(
        {
            "EmployeeNumber": range(1, rows + 1),
            "BusinessTravel": travel,
            "MonthlyIncome": rng.gamma(4.0, 1500.0, rows).round(),
        }
    )
    write_scaffold_and_build(table, tmp_path)

    config = yaml.safe_load((tmp_path / "cfg.yml").read_text())["user_table"]
    travel_feature = config["categorical_features"][0]
    assert travel_feature["fold_case"] is True
    mix = query(
        tmp_path,
        "select category, sum(users) as users from segment_category_mix "
        "where attribute = 'business_travel' group by 1 order by 1",
    )
    expected = pd.Series(travel).str.lower().value_counts()
    spelled = {"non-travel": "Non-Travel", "travel_frequently": "Travel_Frequently"}
    spelled["travel_rarely"] = "Travel_Rarely"
    assert dict(zip(mix["category"], mix["users"], strict=True)) == {
        spelled[value]: count for value, count in expected.items()
    }
    quality = query(
        tmp_path,
        "select categories, categories_merged_into_other from input_feature_quality "
        "where feature_name = 'business_travel'",
    )
    assert quality.values.tolist() == [[3, 0]]


def test_na_among_country_codes_is_namibia_not_a_missing_value(tmp_path):
    # A hotel's guests: 15% from Namibia (NA) were profiled as Unknown, since NA is a marker of
    # missing values in every column; a SaaS table's NA region (North America) lost 48%.
    rng = np.random.default_rng(4)
    rows = 400
    countries = rng.choice(["ZA", "DE", "GB", "NA", "PT"], rows)
    countries[:20] = ""  # a real gap stays missing
    table = pd.DataFrame(
        {
            "guest_id": range(1, rows + 1),
            "country": countries,
            "nights": rng.integers(1, 15, rows),
            "spend": rng.gamma(3.0, 100.0, rows).round(2),
        }
    )
    write_scaffold_and_build(table, tmp_path)

    config = yaml.safe_load((tmp_path / "cfg.yml").read_text())["user_table"]
    country = next(f for f in config["categorical_features"] if f["column"] == "country")
    assert country["keep_values"] == ["NA"]
    users = query(
        tmp_path,
        "select coalesce(country, 'Unknown') as country, count(*) as users "
        "from int_user_features_joined group by 1",
    )
    counted = dict(zip(users["country"], users["users"], strict=True))
    assert counted["NA"] == (countries == "NA").sum()
    assert counted["Unknown"] == 20


def test_a_latin_1_table_is_read_as_it_is_with_its_accents(tmp_path):
    # Book-Crossing and UCI's files are Latin-1: the scaffold writes `encoding: latin-1` and the
    # build reads the file unconverted (it stopped with "convert it with iconv").
    cities = ["São Paulo", "München", "Zürich"]
    rows = [f"C{r:03d};{cities[r % 3]};{10 + r % 3 * 40 + r % 7}" for r in range(90)]
    path = tmp_path / "customers.csv"
    path.write_bytes(("customer;city;spend\n" + "\n".join(rows) + "\n").encode("latin-1"))
    config = tmp_path / "cfg.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(config)])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(config.read_text())
    assert variables["user_table"]["encoding"] == "latin-1"
    build = run_dbt(
        ["run", "--select", "+stg_user_table__users"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode == 0, build.output[-3000:]
    read = query(tmp_path, "select city, count(*) as n from stg_user_table__users group by 1")
    assert dict(read.values.tolist()) == {city: 30 for city in cities}


def test_a_windows_1252_file_read_as_latin_1_stops_with_the_conversion(tmp_path):
    # Windows-1252's curly quotes are bytes DuckDB's Latin-1 reader refuses with a message that
    # names no file: the build names the file and the fix.
    path = tmp_path / "customers.csv"
    text = "customer,city,spend\n" + "\n".join(f"C{r},“Zürich”,{r}" for r in range(20)) + "\n"
    path.write_bytes(text.encode("cp1252"))
    variables = {
        "user_source": "table",
        "user_table": {"path": str(path), "id_column": "customer", "encoding": "latin-1",
                       "numeric_features": ["spend"]},
    }  # fmt: skip
    build = run_dbt(
        ["run", "--select", "+stg_user_table__users"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode != 0
    assert f"Input file '{path}'" in build.output and "iconv -f cp1252" in build.output
    variables["user_table"]["encoding"] = "windows-1252"
    build = run_dbt(
        ["run", "--select", "+stg_user_table__users"], tmp_path / "warehouse.duckdb", variables
    )
    assert build.returncode != 0
    assert "encoding must be utf-8 (the default), latin-1 (ISO-8859-1) or utf-16" in build.output


def test_a_date_of_birth_is_an_age_in_years(tmp_path):
    """A date of birth was clustered in days: segments were named "age in days 5272 (0.5x the
    average)". It is the age in years (of 365.25 days) at the as-of date, and a birth over 110
    years before it is quarantined."""
    rng = np.random.default_rng(55)
    n = 300
    births = pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 50 * 365, n), unit="D")
    table = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            "date_of_birth": births.strftime("%Y-%m-%d"),
            "signup_date": (
                pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
            ).strftime("%Y-%m-%d"),
            "spend": rng.gamma(2, 100, n).round(2),
        }
    )
    table.loc[0, "date_of_birth"] = "1890-05-01"
    write_scaffold_and_build(table, tmp_path)
    config = yaml.safe_load((tmp_path / "cfg.yml").read_text())
    as_of = pd.Timestamp(config["as_of_date"])
    ages = query(tmp_path, "select user_id, age from stg_user_table__users")
    expected = {
        int(row.customer_id): (as_of - pd.Timestamp(row.date_of_birth)).days / 365.25
        for row in table.iloc[1:].itertuples()
    }
    assert dict(zip(ages["user_id"].astype(int), ages["age"], strict=True)) == pytest.approx(
        expected
    )
    quarantined = query(tmp_path, "select record_id, quarantine_reason from input_quarantine")
    assert quarantined.values.tolist() == [["1", "out_of_range"]]
