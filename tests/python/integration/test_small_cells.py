"""Privacy: no published segment-level cell counts fewer than min_cell_size users.

A property test runs the compiled SQL of the marts that count users per segment and category
(segment_category_mix, segment_rule_crosstab) on random segment and category sizes in an
in-memory DuckDB, so hundreds of cases take seconds; the build tests check the same rule on the
notebook's CSV with the notebook and the default presets.
"""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hypothesis_profiles  # noqa: F401  (loads the ci or fuzz profile)
from support import run_dbt

MIN_CELL_SIZE = 10  # the project's default var min_cell_size
CATEGORY_MARTS = ("segment_category_mix", "segment_rule_crosstab")


@pytest.fixture(scope="module")
def compiled_marts(tmp_path_factory) -> dict[str, str]:
    """The compiled SQL of the marts, reading from the catalog `cells`."""
    database = tmp_path_factory.mktemp("small_cells") / "cells.duckdb"
    result = run_dbt(["compile", "--select", *CATEGORY_MARTS], database)
    assert result.returncode == 0, result.output[-3000:]
    compiled = database.parent / "target" / "compiled" / "user_segmentation" / "models" / "marts"
    return {
        "segment_category_mix": (
            compiled / "segmentation" / "segment_category_mix.sql"
        ).read_text(),
        "segment_rule_crosstab": (compiled / "rules" / "segment_rule_crosstab.sql").read_text(),
    }


def _connection() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("attach ':memory:' as cells")
    connection.execute("use cells")
    connection.execute(
        "create table int_category_bands_defined as "
        "select 'age_band' as attribute, 'a' as band, 1 as band_order"
    )
    connection.execute(
        "create table int_feature_labels_defined as select 'age_band' as feature_name, "
        "'Age band' as feature_label, 'categorical' as feature_kind"
    )
    return connection


# A segment: a list of users, each a category index per attribute (few categories, so both
# large and small cells occur); up to 5 segments of 0-60 users.
segments_strategy = st.lists(
    st.lists(st.integers(0, 5), min_size=0, max_size=60), min_size=1, max_size=5
)


def _skewed(index: int, position: int) -> str:
    """Category of a user: index 0-2 are common, 3-5 rare, depending on the user's position."""
    return f"c{index if position % 7 else index % 3}"


@given(segments=segments_strategy)
def test_no_category_mix_cell_counts_fewer_than_min_cell_size_users(compiled_marts, segments):
    sql = compiled_marts["segment_category_mix"]
    attributes = re.findall(r"'(\w+)' as attribute", sql)
    rows = []
    for segment_id, users in enumerate(segments, start=1):
        for position, index in enumerate(users):
            rows.append(
                (
                    segment_id,
                    *(_skewed((index + offset) % 6, position) for offset in range(len(attributes))),
                )
            )
    with _connection() as connection:
        columns = ", ".join(f"{attribute} varchar" for attribute in attributes)
        connection.execute(f"create table int_user_segments_joined (segment_id integer, {columns})")
        if rows:
            marks = ", ".join("?" * (len(attributes) + 1))
            connection.executemany(f"insert into int_user_segments_joined values ({marks})", rows)
        published = connection.sql(sql).fetchall()
        names = [column[0] for column in connection.sql(sql).description]
    published = [dict(zip(names, row, strict=True)) for row in published]

    assert all(row["users"] >= MIN_CELL_SIZE for row in published)
    for segment_id, users in enumerate(segments, start=1):
        for position_in_row, attribute in enumerate(attributes, start=1):
            truth = Counter(row[position_in_row] for row in rows if row[0] == segment_id)
            cells = {
                row["category"]: row["users"]
                for row in published
                if row["segment_id"] == segment_id and row["attribute"] == attribute
            }
            if len(users) < MIN_CELL_SIZE:
                assert cells == {}  # too small to publish anything about this attribute
                continue
            # Every user is counted once; named cells are exact; shares add up to 1.
            assert sum(cells.values()) == len(users)
            for category, count in cells.items():
                if category.endswith(" or other"):
                    # A large cell merged to bring Other to the minimum, named after it.
                    largest = category.removesuffix(" or other")
                    assert largest not in cells and truth[largest] >= MIN_CELL_SIZE
                    assert count > truth[largest]
                elif category != "Other":
                    assert count == truth[category]
            shares = [
                row["share"]
                for row in published
                if row["segment_id"] == segment_id and row["attribute"] == attribute
            ]
            assert sum(shares) == pytest.approx(1.0)


def test_an_other_cell_that_takes_in_a_small_one_is_not_named_other_or_other(compiled_marts):
    # Bank marketing: campaign's rare values were Other already; a small cell merged into it
    # was published as "Other or other".
    cells = {"Other": 300, "3": 2, "1": 100}
    published = _category_mix_of(compiled_marts, [(1, value, n) for value, n in cells.items()])
    published = [row[1:4] for row in published]
    assert [row[:2] for row in published] == [("1", 100), ("Other", 302)]
    assert all(row[2] == pytest.approx(1.0) for row in published)  # one segment: as everyone


def _category_mix_of(compiled_marts, cells: list[tuple[int, str, int]]) -> list[tuple]:
    """segment_category_mix of users with every attribute set to one value: (segment, value,
    users) per cell; rows (segment_id, category, users, share_index, share, population_share)
    of the first attribute, by segment and category."""
    sql = compiled_marts["segment_category_mix"]
    attributes = re.findall(r"'(\w+)' as attribute", sql)
    rows = [
        (segment, *([value] * len(attributes))) for segment, value, n in cells for _ in range(n)
    ]
    with _connection() as connection:
        columns = ", ".join(f"{attribute} varchar" for attribute in attributes)
        connection.execute(f"create table int_user_segments_joined (segment_id integer, {columns})")
        marks = ", ".join("?" * (len(attributes) + 1))
        connection.executemany(f"insert into int_user_segments_joined values ({marks})", rows)
        return connection.sql(
            "select segment_id, category, users, share_index, share, population_share "
            f"from ({sql}) where attribute = '{attributes[0]}' order by segment_id, category"
        ).fetchall()


def test_a_cell_merged_to_hide_a_small_one_is_named_after_it(compiled_marts):
    # Insurance: a segment 99.8% smokers published only "Other" (933 users) for smoker, because
    # the 2 non-smokers could be recounted from the segment's size; its smoking went unseen.
    published = _category_mix_of(
        compiled_marts, [(1, "yes", 931), (1, "no", 2), (2, "no", 500), (2, "yes", 40)]
    )
    assert [row[:3] for row in published] == [
        (1, "yes or other", 933), (2, "no", 500), (2, "yes", 40)
    ]  # fmt: skip
    # Indexed against the smokers' share of all users (971 of 1,473), not against everyone.
    assert published[0][3] == pytest.approx(1.0 / (971 / 1473))
    # ... and shows that share, so the row reads as its index: 100% against 66% is 1.5x.
    for _, _, _, share_index, share, population_share in published:
        assert share_index == pytest.approx(share / population_share)
    assert published[0][5] == pytest.approx(971 / 1473)


@given(segments=segments_strategy)
def test_no_rule_crosstab_cell_counts_fewer_than_min_cell_size_users(compiled_marts, segments):
    rows = [
        (segment_id, f"segment {segment_id}", f"rule{index}", f"Rule {index}", "run-1")
        for segment_id, users in enumerate(segments, start=1)
        for position, index in enumerate(users)
        for index in [int(_skewed(index, position)[1:])]
    ]
    with _connection() as connection:
        connection.execute(
            "create table user_rule_segments (segment_id integer, segment_name varchar, "
            "rule_segment_id varchar, rule_segment_name varchar, run_id varchar)"
        )
        if rows:
            connection.executemany("insert into user_rule_segments values (?, ?, ?, ?, ?)", rows)
        frame = connection.sql(compiled_marts["segment_rule_crosstab"]).df()

    assert (frame["users"] >= MIN_CELL_SIZE).all()
    sizes = Counter(row[0] for row in rows)
    published_sizes = frame.groupby("segment_id")["users"].sum().to_dict()
    assert published_sizes == {s: n for s, n in sizes.items() if n >= MIN_CELL_SIZE}
    if len(frame):
        assert frame.groupby("segment_id")["share_of_segment"].sum().to_numpy() == pytest.approx(1)
        by_rule = frame.groupby("rule_segment_id")["share_of_rule_segment"].sum()
        assert by_rule.to_numpy() == pytest.approx(1)


# On real builds: the notebook's CSV with the notebook and the default presets.

SEGMENT_LEVEL_COUNTS = {
    "segment_category_mix": "users",
    "segment_interests": "users",
    "segment_profiles": "user_count",
}


@pytest.mark.parametrize("preset", ["notebook", "default"])
def test_no_published_cell_of_the_notebook_csv_counts_fewer_than_min_cell_size_users(
    request, preset
):
    fixture = "notebook_warehouse" if preset == "notebook" else "csv_warehouse"
    database = request.getfixturevalue(fixture)
    with duckdb.connect(str(database), read_only=True) as connection:
        for table, column in SEGMENT_LEVEL_COUNTS.items():
            (smallest, rows) = connection.execute(
                f"select min({column}), count(*) from {table}"
            ).fetchone()
            assert rows > 0, table
            assert smallest >= MIN_CELL_SIZE, (table, smallest)
        # The merged Other cells the review found (7, 9 and 9 users) are gone.
        others = connection.execute(
            "select min(users) from segment_category_mix where category = 'Other'"
        ).fetchone()[0]
        assert others is None or others >= MIN_CELL_SIZE
