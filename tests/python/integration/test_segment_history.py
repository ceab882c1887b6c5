"""Thirty daily runs of a small user table with about 1% of users moving each day: the segment
history grows with the movers, not with the runs, and answers every past day's segments.

Day 1 is a full ``dbt build`` (fit included). Days 2-30 score every user with the stored model
(``refit: never``) after 20 planted users (1%) get the features of another planted group; they run
in this process on one parsed manifest (a new ``--vars`` would otherwise make dbt parse the whole
project again each day) and skip the Python models, which ``refit: never`` would reuse anyway.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from support import PROJECT_DIR, SKIP_UNIT_TESTS, build_or_fail, dbt_environment

USERS, DAYS, MOVERS_PER_DAY = 2_000, 30, 20
FIRST_DAY = datetime.date(2026, 10, 1)
GROUP_CENTRES = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]], dtype=float)
FEATURES = ("spend", "visits", "tenure")
HISTORY_MODEL = "model.user_segmentation.user_segment_history"
#: The models the history reads and the history's own data test; not the Python models (the stored
#: model is reused), the marts only segment_names reads (its names are reused too) nor the upstream
#: tests (day 1's full build ran them).
DAILY_SELECTION = [
    "--select", "+segment_transitions", "assert_segment_history_changes_match_this_run",
    "--indirect-selection", "empty",
    "--exclude", "segmentation_model", "segment_names", "user_segment_assignments",
    "segmentation_runs", "segment_feature_stats", "segment_category_mix",
    "int_category_bands_defined", "int_feature_labels_defined",
]  # fmt: skip


@dataclass
class DailyRuns:
    """A warehouse after 30 daily runs, with what each run's user_segments said."""

    database: Path
    temp_dir: Path
    variables: dict
    runner: object
    #: as-of date -> DataFrame (user_key, segment_id, segment_name) read after that day's run.
    assignments: dict[datetime.date, pd.DataFrame] = field(default_factory=dict)
    #: as-of date -> execution time of user_segment_history in that run (seconds).
    history_seconds: dict[datetime.date, float] = field(default_factory=dict)

    def query(self, sql: str) -> pd.DataFrame:
        # dbt's in-process DuckDB instance holds the file: open it with the same configuration.
        config = {"temp_directory": str(self.temp_dir)}
        with duckdb.connect(str(self.database), config=config) as connection:
            result = connection.execute(sql)
            return result.df() if result.description else pd.DataFrame()

    def run_day(self, as_of_date: datetime.date) -> None:
        variables = {**self.variables, "as_of_date": as_of_date.isoformat(), "refit": "never"}
        # The timings come from the runner's result: no run_results.json or manifest.json to
        # write (half a second a run), and warnings only in dbt.log.
        result = self.runner.invoke(
            ["build", "--quiet", "--no-write-json", "--log-level-file", "warn",
             *SKIP_UNIT_TESTS, *DAILY_SELECTION, *self.dirs(), "--vars", json.dumps(variables)]
        )  # fmt: skip
        assert result.success, f"the run of {as_of_date} failed: {result.exception}"
        timings = {node.node.unique_id: node.execution_time for node in result.result.results}
        self.record(as_of_date, timings[HISTORY_MODEL])

    def record(self, as_of_date: datetime.date, history_seconds: float) -> None:
        self.assignments[as_of_date] = self.query(
            "select user_key, segment_id, segment_name from user_segments"
        )
        self.history_seconds[as_of_date] = history_seconds

    @staticmethod
    def dirs() -> list[str]:
        return ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]


def planted_users(rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Users in four well-separated groups of three features, and each user's group."""
    groups = rng.integers(0, len(GROUP_CENTRES), USERS)
    values = GROUP_CENTRES[groups] + rng.normal(0, 1, (USERS, len(FEATURES)))
    table = pd.DataFrame(values.round(4), columns=list(FEATURES))
    table.insert(0, "customer_id", np.arange(1, USERS + 1))
    return table, groups


def move_users(table: pd.DataFrame, groups: np.ndarray, rng: np.random.Generator) -> None:
    """Give MOVERS_PER_DAY users the features of another group (in place)."""
    movers = rng.choice(USERS, MOVERS_PER_DAY, replace=False)
    for user in movers:
        groups[user] = rng.choice([g for g in range(len(GROUP_CENTRES)) if g != groups[user]])
        values = GROUP_CENTRES[groups[user]] + rng.normal(0, 1, len(FEATURES))
        table.loc[user, list(FEATURES)] = values.round(4)


def day(number: int) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=number - 1)


@pytest.fixture(scope="module")
def daily_runs(tmp_path_factory) -> DailyRuns:
    from dbt.cli.main import dbtRunner

    work = tmp_path_factory.mktemp("daily_history")
    database, users_csv = work / "warehouse.duckdb", work / "users.csv"
    rng = np.random.default_rng(19)
    table, groups = planted_users(rng)
    table.to_csv(users_csv, index=False)
    features = [{"column": c, "name": c, "label": c.title(), "transform": "none"} for c in FEATURES]
    variables = {
        "user_source": "table",
        "user_table": {
            "path": str(users_csv), "id_column": "customer_id", "numeric_features": features,
            "categorical_features": [],
        },
        "segmentation_overrides": {"k": len(GROUP_CENTRES)},
    }  # fmt: skip
    first_day = {**variables, "as_of_date": day(1).isoformat()}
    build_or_fail(database, first_day, *SKIP_UNIT_TESTS, artifacts=True)

    with pytest.MonkeyPatch.context() as patch:
        for name, value in dbt_environment(database).items():
            if os.environ.get(name) != value:
                patch.setenv(name, value)
        parsed = dbtRunner().invoke(
            ["parse", "--quiet", *DailyRuns.dirs(), "--vars", json.dumps(variables)]
        )
        assert parsed.success, parsed.exception
        runs = DailyRuns(
            database, work / "duckdb_tmp", variables, dbtRunner(manifest=parsed.result)
        )
        run_results = json.loads((work / "target" / "run_results.json").read_text())
        runs.record(day(1), next(
            result["execution_time"]
            for result in run_results["results"]
            if result["unique_id"] == HISTORY_MODEL
        ))  # fmt: skip
        for number in range(2, DAYS + 1):
            move_users(table, groups, rng)
            table.to_csv(users_csv, index=False)
            runs.run_day(day(number))
        seconds = runs.history_seconds
        print(
            "user_segment_history execution time (dbt run results): "
            f"day 2 {seconds[day(2)]:.3f} s, day {DAYS} {seconds[day(DAYS)]:.3f} s; median of "
            f"days 2-10 {np.median([seconds[day(n)] for n in range(2, 11)]):.3f} s, of days "
            f"21-30 {np.median([seconds[day(n)] for n in range(21, DAYS + 1)]):.3f} s"
        )
        yield runs


def segment_changes(runs: DailyRuns) -> dict[datetime.date, int]:
    """Per day after the first: users whose (segment id, name) differs from the day before."""
    changes = {}
    for number in range(2, DAYS + 1):
        before = runs.assignments[day(number - 1)].set_index("user_key")
        after = runs.assignments[day(number)].set_index("user_key")
        changed = (before != after.reindex(before.index)).any(axis=1)
        changes[day(number)] = int(changed.sum())
    return changes


def segments_at(runs: DailyRuns, as_of_date: datetime.date) -> pd.DataFrame:
    """Every user's segment at an as-of date, answered from the validity intervals."""
    return runs.query(
        "select user_key, segment_id, segment_name from user_segment_history "
        f"where opened_as_of_date <= date '{as_of_date}' "
        f"and (closed_as_of_date is null or closed_as_of_date > date '{as_of_date}')"
    )


def test_history_grows_with_the_users_who_moved_not_with_the_runs(daily_runs):
    changes = segment_changes(daily_runs)
    # The planted movers move (a user moved twice on one day cannot happen: no repeats per day).
    assert all(count == MOVERS_PER_DAY for count in changes.values()), changes
    rows = daily_runs.query("select count(*) as n from user_segment_history")["n"].iloc[0]
    assert rows == USERS + sum(changes.values())  # one spell per user, one more per move
    assert rows < 2 * USERS < DAYS * USERS
    runs = daily_runs.query("select * from segment_history_runs order by as_of_date")
    assert runs["as_of_date"].dt.date.tolist() == [day(n) for n in range(1, DAYS + 1)]
    assert runs["spells_opened"].tolist() == [USERS, *changes.values()]
    assert runs["spells_closed"].tolist() == [0, *changes.values()]


def test_every_users_segment_on_every_day_is_answered_from_the_intervals(daily_runs):
    for as_of_date, recorded in daily_runs.assignments.items():
        answered = segments_at(daily_runs, as_of_date)
        assert answered["user_key"].is_unique, as_of_date
        merged = recorded.merge(answered, on="user_key", how="outer", indicator=True)
        assert (merged["_merge"] == "both").all(), as_of_date
        assert (merged["segment_id_x"] == merged["segment_id_y"]).all(), as_of_date
        assert (merged["segment_name_x"] == merged["segment_name_y"]).all(), as_of_date


def test_transitions_count_the_last_days_movers(daily_runs):
    transitions = daily_runs.query("select * from segment_transitions")
    assert set(transitions["from_as_of_date"].dt.date) == {day(DAYS - 1)}
    assert set(transitions["to_as_of_date"].dt.date) == {day(DAYS)}
    moved = transitions.loc[~transitions["is_same_segment"], "users"].sum()
    assert moved == segment_changes(daily_runs)[day(DAYS)]
    assert transitions["users"].sum() == USERS


def test_rerunning_the_last_day_leaves_the_history_unchanged(daily_runs):
    before = daily_runs.query("select * from user_segment_history order by all")
    daily_runs.run_day(day(DAYS))
    after = daily_runs.query("select * from user_segment_history order by all")
    pd.testing.assert_frame_equal(before, after)


def test_rerunning_an_earlier_day_drops_the_later_days_and_keeps_the_earlier_ones(daily_runs):
    earlier = day(20)
    kept = {d: segments_at(daily_runs, d) for d in (day(1), day(19))}
    daily_runs.run_day(earlier)  # on today's input: the rerun of day 20 scores it
    runs = daily_runs.query("select max(as_of_date) as newest from segment_history_runs")
    assert runs["newest"].dt.date.iloc[0] == earlier
    later = daily_runs.query(
        "select count(*) as n from user_segment_history "
        f"where opened_as_of_date > date '{earlier}' or closed_as_of_date > date '{earlier}'"
    )
    assert later["n"].iloc[0] == 0
    for as_of_date, segments in kept.items():
        pd.testing.assert_frame_equal(
            segments.sort_values("user_key", ignore_index=True),
            segments_at(daily_runs, as_of_date).sort_values("user_key", ignore_index=True),
        )
    current = segments_at(daily_runs, earlier).sort_values("user_key", ignore_index=True)
    scored = daily_runs.assignments[earlier].sort_values("user_key", ignore_index=True)
    pd.testing.assert_frame_equal(current, scored)


def test_the_history_data_test_fails_on_a_spell_that_disagrees_with_the_run(daily_runs):
    # Runs last: it corrupts the history on purpose. First a stayer's current spell is put in
    # another segment (every count still adds up), then, restored, a second open spell in another
    # segment is opened on the newest as-of date.
    newest = daily_runs.query("select max(as_of_date) as d from segment_history_runs")["d"].iloc[0]
    variables = {**daily_runs.variables, "as_of_date": newest.date().isoformat()}

    def history_test_passes() -> bool:
        return daily_runs.runner.invoke(
            ["test", "--quiet", "--select", "assert_segment_history_changes_match_this_run",
             *daily_runs.dirs(), "--vars", json.dumps(variables)]
        ).success  # fmt: skip

    assert history_test_passes()
    stayer = daily_runs.query(
        "select user_key, segment_id from user_segment_history "
        f"where is_current and opened_as_of_date < date '{newest.date()}' order by user_key limit 1"
    ).iloc[0]

    def put_the_stayer_in(segment_id: int) -> None:
        daily_runs.query(
            f"update user_segment_history set segment_id = {segment_id} "
            f"where is_current and user_key = '{stayer['user_key']}'"
        )

    put_the_stayer_in(stayer["segment_id"] % 4 + 1)
    assert not history_test_passes()
    put_the_stayer_in(stayer["segment_id"])
    assert history_test_passes()

    daily_runs.query(
        "insert into user_segment_history select * replace (segment_id % 4 + 1 as segment_id, "
        f"date '{newest.date()}' as opened_as_of_date) from user_segment_history "
        f"where is_current and opened_as_of_date < date '{newest.date()}' limit 1"
    )
    assert not history_test_passes()
