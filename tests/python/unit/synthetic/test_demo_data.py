"""Tests of the synthetic demo data generator."""

from __future__ import annotations

import datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from support import PROJECT_DIR
from user_segmentation.synthetic.demo_data import (
    EVENT_TYPES,
    EVENTS_SCHEMA,
    PERSONAS_SCHEMA,
    USERS_SCHEMA,
    generate_demo_data,
)
from user_segmentation.synthetic.personas import (
    DEVICES,
    EDUCATION_LEVELS,
    GENDERS,
    INCOME_BANDS,
    INTERESTS,
    LANGUAGES,
    LOCATIONS,
    PERSONAS,
)

N_USERS = 2_000
DAYS = 14
USERS_PER_FILE = 700
END_DATE = datetime.date(2026, 10, 31)
SMALL_RUN = {
    "n_users": N_USERS,
    "days": DAYS,
    "end_date": END_DATE,
    "users_per_file": USERS_PER_FILE,
}


def _read_events(summary: dict) -> pd.DataFrame:
    return pd.concat([pd.read_parquet(path) for path in summary["events_files"]], ignore_index=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One small generation shared by the read-only tests."""
    out_dir = tmp_path_factory.mktemp("demo")
    summary = generate_demo_data(out_dir, seed=42, **SMALL_RUN)
    return {
        "out_dir": out_dir,
        "summary": summary,
        "events": _read_events(summary),
        "users": pd.read_parquet(summary["users_path"]),
        "personas": pd.read_parquet(summary["personas_path"]),
    }


def test_summary_describes_the_written_files(run):
    summary = run["summary"]
    out_dir = run["out_dir"]
    assert summary["n_users"] == N_USERS
    assert summary["n_events"] == len(run["events"])
    assert summary["users_path"] == str(out_dir / "users" / "users.parquet")
    assert summary["personas_path"] == str(out_dir / "ground_truth" / "personas.parquet")
    assert summary["start_date"] == "2026-10-18"
    assert summary["end_date"] == "2026-10-31"
    assert summary["personas"] == run["personas"]["persona"].value_counts().to_dict()


def test_one_events_file_per_chunk_of_users(run):
    expected_files = -(-N_USERS // USERS_PER_FILE)
    files = sorted((run["out_dir"] / "events").glob("*.parquet"))
    assert [path.name for path in files] == [f"part-{i:05d}.parquet" for i in range(expected_files)]
    assert run["summary"]["events_files"] == [str(path) for path in files]
    for index, path in enumerate(files):
        user_ids = pq.read_table(path, columns=["user_id"])["user_id"].to_numpy()
        assert user_ids.min() > index * USERS_PER_FILE
        assert user_ids.max() <= (index + 1) * USERS_PER_FILE


def test_files_are_written_with_the_declared_schemas_in_zstd(run):
    summary = run["summary"]
    for path in summary["events_files"]:
        assert pq.read_schema(path).remove_metadata() == EVENTS_SCHEMA
        assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_schema(summary["users_path"]).remove_metadata() == USERS_SCHEMA
    assert pq.read_schema(summary["personas_path"]).remove_metadata() == PERSONAS_SCHEMA


def test_the_declared_schemas_carry_what_the_dbt_app_source_reads():
    sources = yaml.safe_load((PROJECT_DIR / "models/staging/app/_app__sources.yml").read_text())
    (app,) = [source for source in sources["sources"] if source["name"] == "app"]
    columns = {
        table["name"]: [column["name"] for column in table["columns"]] for table in app["tables"]
    }
    assert EVENTS_SCHEMA.names == columns["events"]
    assert set(columns["users"]) <= set(USERS_SCHEMA.names)
    # Staging types the ids as bigint and reads event_at as UTC.
    assert pa.types.is_integer(EVENTS_SCHEMA.field("event_id").type)
    assert pa.types.is_integer(EVENTS_SCHEMA.field("user_id").type)
    assert EVENTS_SCHEMA.field("event_at").type.tz == "UTC"


def test_same_seed_gives_identical_data(run, tmp_path):
    summary = generate_demo_data(tmp_path, seed=42, **SMALL_RUN)
    pd.testing.assert_frame_equal(_read_events(summary), run["events"])
    pd.testing.assert_frame_equal(pd.read_parquet(summary["users_path"]), run["users"])
    pd.testing.assert_frame_equal(pd.read_parquet(summary["personas_path"]), run["personas"])


@pytest.mark.parametrize("jobs", [1, 3])
def test_worker_processes_do_not_change_the_data(run, tmp_path, jobs):
    summary = generate_demo_data(tmp_path, seed=42, jobs=jobs, **SMALL_RUN)
    pd.testing.assert_frame_equal(_read_events(summary), run["events"])
    pd.testing.assert_frame_equal(pd.read_parquet(summary["users_path"]), run["users"])
    assert summary["personas"] == run["summary"]["personas"]


def test_different_seed_gives_different_data(run, tmp_path):
    summary = generate_demo_data(tmp_path, seed=43, **SMALL_RUN)
    assert not _read_events(summary).equals(run["events"])
    assert not pd.read_parquet(summary["users_path"]).equals(run["users"])
    assert not pd.read_parquet(summary["personas_path"]).equals(run["personas"])


def test_rerun_removes_stale_files(tmp_path):
    generate_demo_data(tmp_path, seed=1, **SMALL_RUN)
    summary = generate_demo_data(tmp_path, seed=1, **{**SMALL_RUN, "users_per_file": N_USERS})
    assert sorted(p.name for p in (tmp_path / "events").glob("*.parquet")) == ["part-00000.parquet"]
    assert summary["events_files"] == [str(tmp_path / "events" / "part-00000.parquet")]


def test_event_ids_are_unique_across_files(run):
    assert run["events"]["event_id"].is_unique


def test_events_sorted_by_user_and_time_within_each_file(run):
    for path in run["summary"]["events_files"]:
        events = pd.read_parquet(path, columns=["user_id", "event_at"])
        ordered = events.sort_values(["user_id", "event_at"], kind="stable")
        assert ordered.index.equals(events.index)


def test_event_values(run):
    events = run["events"]
    assert set(events["event_type"]) == set(EVENT_TYPES)
    assert events["user_id"].between(1, N_USERS).all()
    window_start = pd.Timestamp("2026-10-18", tz="UTC")
    window_end = pd.Timestamp("2026-11-01", tz="UTC")
    assert (events["event_at"] >= window_start).all()
    assert (events["event_at"] < window_end).all()


def test_duration_set_only_for_sessions_and_ad_impressions(run):
    events = run["events"]
    has_duration = events["event_type"].isin(["session", "ad_impression"])
    assert events.loc[has_duration, "duration_s"].notna().all()
    assert (events.loc[has_duration, "duration_s"] > 0).all()
    assert events.loc[~has_duration, "duration_s"].isna().all()


def test_some_users_never_see_an_ad(run):
    users_with_impressions = run["events"].query("event_type == 'ad_impression'")["user_id"]
    share_without = 1 - users_with_impressions.nunique() / N_USERS
    assert share_without >= 0.02


def test_user_values(run):
    users = run["users"]
    assert users["user_id"].tolist() == list(range(1, N_USERS + 1))
    ages = END_DATE.year - users["birth_year"]
    assert ages.between(18, 75).all()
    for column, categories in [
        ("gender", GENDERS),
        ("income_band", INCOME_BANDS),
        ("location", LOCATIONS),
        ("language", LANGUAGES),
        ("education", EDUCATION_LEVELS),
        ("device", DEVICES),
    ]:
        assert set(users[column]) <= set(categories), column
    assert users["gender"].eq("Non-binary").mean() < 0.06


def test_interests_are_one_to_three_distinct_known_names(run):
    interests = run["users"]["interests"].str.split(", ")
    assert interests.map(len).between(1, 3).all()
    assert interests.map(lambda names: len(set(names)) == len(names)).all()
    assert set(interests.explode()) <= set(INTERESTS)
    assert set(interests.map(len)) == {1, 2, 3}


def test_personas_cover_every_user_with_six_sizeable_personas(run):
    personas = run["personas"]
    assert personas["user_id"].tolist() == list(range(1, N_USERS + 1))
    shares = personas["persona"].value_counts(normalize=True)
    assert set(shares.index) == {persona.name for persona in PERSONAS}
    assert len(shares) == 6
    assert (shares >= 0.08).all()
    # Quotas are exact: each persona's share of 2,000 users is a whole number of users.
    assert personas["persona"].value_counts().to_dict() == {
        "lurker": 400,
        "weekday_professional": 380,
        "social_butterfly": 340,
        "weekend_binger": 320,
        "ad_clicker": 300,
        "deal_hunter": 260,
    }


def test_invalid_arguments_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="n_users"):
        generate_demo_data(tmp_path, n_users=0)
    with pytest.raises(ValueError, match="days"):
        generate_demo_data(tmp_path, days=0)
