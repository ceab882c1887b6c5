"""The command line, through click's CliRunner, on inputs that need no dbt build."""

from __future__ import annotations

import numpy as np
import pandas as pd
import yaml
from click.testing import CliRunner

from user_segmentation.cli import main


def test_demo_data_writes_events_users_and_answer_key(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "demo-data",
            "--out",
            str(tmp_path),
            "--users",
            "1500",
            "--days",
            "14",
            "--users-per-file",
            "500",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 1,500 users" in result.output
    assert len(list((tmp_path / "events").glob("*.parquet"))) == 3
    users = pd.read_parquet(tmp_path / "users")
    assert len(users) == 1500
    assert (tmp_path / "ground_truth" / "personas.parquet").exists()


def test_demo_data_rejects_a_bad_size():
    result = CliRunner().invoke(main, ["demo-data", "--users", "3"])
    assert result.exit_code != 0
    assert "--users" in result.output


def test_summary_needs_an_existing_database(tmp_path):
    result = CliRunner().invoke(main, ["summary", "--database", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_a_title_row_above_the_header_stops_the_scaffold_with_the_fix(tmp_path):
    # UCI's credit card default file, exported from its spreadsheet: a row of X1, X2, ..., Y above
    # the real names. The first was taken for the names (features x1 .. x23) and the real header
    # was quarantined as a malformed id.
    header = ["ID", "LIMIT_BAL", "SEX", "AGE", "BILL_AMT1", "default payment next month"]
    rows = [[str(n), str(10_000 * n), "2", str(20 + n), str(300 * n), "0"] for n in range(1, 40)]
    titled = tmp_path / "default.csv"
    titled.write_text(
        "\n".join(",".join(line) for line in [["", "X1", "X2", "X3", "X4", "Y"], header, *rows])
    )
    result = CliRunner().invoke(main, ["scaffold", str(titled), "--out", str(tmp_path / "a.yml")])
    assert result.exit_code != 0
    assert "first two lines both read as headers" in result.output
    assert "tail -n +2" in result.output
    # A first data row of missing values under a real header is data.
    plain = tmp_path / "plain.csv"
    plain.write_text("\n".join(",".join(line) for line in [header, ["NA"] * 6, *rows]))
    result = CliRunner().invoke(main, ["scaffold", str(plain), "--out", str(tmp_path / "b.yml")])
    assert result.exit_code == 0, result.output


def test_values_separated_by_single_spaces_are_read_as_columns(tmp_path):
    # UCI's german.data: "1 A13 15 A32 ..." read as one column, and with --column-names the
    # sniffer failed ("Error when sniffing file").
    rng = np.random.default_rng(53)
    values = [
        (n, rng.integers(1, 5), rng.integers(6, 60), rng.integers(500, 9000), rng.integers(19, 75))
        for n in range(1, 301)
    ]
    lines = [f"{n} A1{check} {months} {amount} {age}" for n, check, months, amount, age in values]
    path = tmp_path / "german.data"
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "german.yml"
    result = CliRunner().invoke(
        main,
        [
            "scaffold",
            str(path),
            "--column-names",
            "id,checking,duration,amount,age",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "separates its values by single spaces" in result.output
    table = yaml.safe_load(out.read_text())["user_table"]
    assert (table["delimiter"], table["id_column"]) == (" ", "id")
