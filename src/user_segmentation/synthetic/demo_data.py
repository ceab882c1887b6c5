"""Deterministic synthetic user activity events and demographics with planted personas.

The generator writes three Parquet datasets below ``out_dir``:

* ``events/part-NNNNN.parquet`` -- one file per chunk of users, raw activity events;
* ``users/users.parquet`` -- one demographics row per user;
* ``ground_truth/personas.parquet`` -- the planted persona of every user (the answer key,
  never read by the model).

Every user belongs to exactly one behavioural persona (the table is ``personas.PERSONAS``). A
persona fixes the expected session rhythm, engagement and advertising behaviour of its users plus
skews of their demographics; per-user randomness (a lognormal activity multiplier, Poisson
counts, gamma session and ad-view lengths, Beta-distributed click and conversion propensities)
spreads users around their persona.

Generation is chunked: each chunk of ``users_per_file`` users draws from its own random generator
(spawned from ``numpy.random.SeedSequence(seed)``), so chunks are generated in parallel by worker
processes (``jobs``, one per core by default) and written in order: event ids are numbered by the
writing process and a chunk's events file (zstd Parquet, ~2M events) is written on a background
thread. At most ``jobs + 1`` chunks are in flight, so memory stays bounded by the chunk size
(~0.6 GB at the default 25,000 users per chunk, whatever the total); the output depends only on
the arguments, never on ``jobs``. About 1.3-2.5M events/s on 2 cores: 1B events in ~7-13 minutes.
"""

from __future__ import annotations

import datetime
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

from user_segmentation.synthetic.personas import (
    AGE_BANDS,
    DEVICES,
    EDUCATION_LEVELS,
    GENDERS,
    HOUR_PROFILES,
    INCOME_BANDS,
    INTEREST_COUNT_PROBABILITIES,
    INTERESTS,
    LANGUAGES,
    LOCATIONS,
    PERSONAS,
    Persona,
)

__all__ = ["EVENT_TYPES", "generate_demo_data"]

PARQUET_COMPRESSION = "zstd"

EVENT_TYPES: tuple[str, ...] = (
    "session",
    "like",
    "reaction",
    "ad_impression",
    "ad_click",
    "conversion",
    "follow",
)
_EVENT_CODE = {name: code for code, name in enumerate(EVENT_TYPES)}

INTEREST_SEPARATOR = ", "

ACTIVITY_SIGMA = 0.3  # sigma of the per-user lognormal activity multiplier (mean 1)
# Activity = time online x interactions per minute. Half of it (on a log scale) goes into the
# number of sessions, so interaction counts scale with the full multiplier and hours online with
# its square root; that keeps hours, the personas' main signature, tight enough to separate.
SESSION_SHARE_OF_ACTIVITY = 0.5
MAX_SESSIONS_PER_DAY = 4
SESSION_LENGTH_SHAPE = 5.0  # gamma shape of session lengths (coefficient of variation 0.45)
MIN_SESSION_SECONDS = 10.0
AD_VIEW_SHAPE = 3.0  # gamma shape of the seconds an ad impression is viewed
AD_VIEW_USER_SIGMA = 0.1  # lognormal spread of a user's typical ad viewing time around the persona
MIN_AD_VIEW_SECONDS = 0.5
PROPENSITY_CONCENTRATION = 400.0  # Beta concentration of per-user click / conversion propensities
LIKE_SHARE_OF_LIKES_REACTIONS = 0.6
CONVERSION_WINDOW_MEAN_SECONDS = 360.0  # conversions happen within minutes of the click

_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_HOUR = 3_600 * _MICROS_PER_SECOND
_MICROS_PER_DAY = 24 * _MICROS_PER_HOUR

EVENTS_SCHEMA = pa.schema(
    [
        ("event_id", pa.int64()),
        ("user_id", pa.int64()),
        ("event_at", pa.timestamp("us", tz="UTC")),
        ("event_type", pa.string()),
        ("duration_s", pa.float64()),
    ]
)
USERS_SCHEMA = pa.schema(
    [
        ("user_id", pa.int64()),
        ("birth_year", pa.int32()),
        ("gender", pa.string()),
        ("income_band", pa.string()),
        ("location", pa.string()),
        ("language", pa.string()),
        ("education", pa.string()),
        ("device", pa.string()),
        ("interests", pa.string()),
    ]
)
PERSONAS_SCHEMA = pa.schema([("user_id", pa.int64()), ("persona", pa.string())])
# Sorted or near-sorted integer columns: delta encoding makes them small, min/max stats let
# readers skip row groups by user or time.
_DELTA_ENCODED_COLUMNS = ("event_id", "user_id", "event_at")

# Single-valued demographic attributes: output column -> base category weights.
_CATEGORICAL_COLUMNS: dict[str, dict] = {
    "gender": GENDERS,
    "income_band": INCOME_BANDS,
    "location": LOCATIONS,
    "language": LANGUAGES,
    "education": EDUCATION_LEVELS,
    "device": DEVICES,
}


@dataclass(frozen=True)
class _Window:
    """The generated time window: ``days`` whole UTC days ending at ``end_date`` inclusive."""

    start_date: datetime.date
    end_date: datetime.date
    days: int
    start_us: int
    end_us: int  # exclusive
    weekday_offsets: np.ndarray  # day offsets from start_date that are Mon-Fri
    weekend_offsets: np.ndarray  # day offsets from start_date that are Sat/Sun


def generate_demo_data(
    out_dir: Path,
    n_users: int = 50_000,
    seed: int = 42,
    days: int = 28,
    end_date: datetime.date = datetime.date(2026, 10, 31),
    users_per_file: int = 25_000,
    progress: bool = False,
    jobs: int | None = None,
) -> dict:
    """Generate synthetic activity events, demographics and the persona answer key.

    Parameters
    ----------
    out_dir : Path
        Root directory; ``events/``, ``users/`` and ``ground_truth/`` are created below it and
        any ``*.parquet`` files already in them are removed first.
    n_users : int, default 50_000
        Number of users; user ids are ``1..n_users``.
    seed : int, default 42
        Seed of the random streams. The same arguments always produce the same data.
    days : int, default 28
        Length of the event window in days.
    end_date : datetime.date, default 2026-10-31
        Last day (inclusive, UTC) of the event window.
    users_per_file : int, default 25_000
        Users per generation chunk; each chunk is written to its own events file.
    progress : bool, default False
        Show a tqdm progress bar (users written, events so far).
    jobs : int, optional
        Worker processes generating chunks (default: one per CPU core). The output does not
        depend on it.

    Returns
    -------
    dict
        Summary with keys ``n_users``, ``n_events``, ``events_files`` (list of str paths),
        ``users_path`` and ``personas_path`` (str paths), ``start_date`` and ``end_date``
        (ISO date strings) and ``personas`` (persona name -> number of users).

    Raises
    ------
    ValueError
        If ``n_users``, ``days`` or ``users_per_file`` is smaller than 1.
    """
    for name, value in (("n_users", n_users), ("days", days), ("users_per_file", users_per_file)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")

    out_dir = Path(out_dir)
    events_dir = _prepare_directory(out_dir / "events")
    users_path = _prepare_directory(out_dir / "users") / "users.parquet"
    personas_path = _prepare_directory(out_dir / "ground_truth") / "personas.parquet"

    window = _make_window(end_date, days)
    n_chunks = -(-n_users // users_per_file)
    chunk_seeds = np.random.SeedSequence(seed).spawn(n_chunks)
    jobs = max(1, min(jobs if jobs is not None else (os.cpu_count() or 1), n_chunks))
    chunk_args = (
        (chunk_seeds[index], index, users_per_file, n_users, end_date.year, window)
        for index in range(n_chunks)
    )
    events_files: list[str] = []
    persona_counts = np.zeros(len(PERSONAS), dtype=np.int64)
    n_events = 0
    # Chunks are generated by `jobs` worker processes (results depend only on the chunk's seed,
    # so any number of jobs gives the same files) and written in order by this process: event ids
    # are numbered here, the events file is written on a background thread (Arrow releases the
    # GIL). At most `jobs + 1` chunks are in flight, so memory is bounded by the chunk size.
    with (
        _chunk_results(chunk_args, jobs) as results,
        ThreadPoolExecutor(max_workers=1) as events_writer,
        pq.ParquetWriter(users_path, USERS_SCHEMA, compression=PARQUET_COMPRESSION) as users_writer,
        pq.ParquetWriter(
            personas_path, PERSONAS_SCHEMA, compression=PARQUET_COMPRESSION
        ) as personas_writer,
        tqdm(
            total=n_users, disable=not progress, desc="demo data", unit=" users", unit_scale=True
        ) as bar,
    ):
        pending_write: Future | None = None
        for chunk_index, (users, personas, events) in enumerate(results):
            users_writer.write_table(users)
            personas_writer.write_table(personas)
            event_ids = np.arange(n_events + 1, n_events + 1 + events.num_rows, dtype=np.int64)
            events = events.add_column(0, EVENTS_SCHEMA.field("event_id"), pa.array(event_ids))
            if pending_write is not None:
                pending_write.result()
            events_path = events_dir / f"part-{chunk_index:05d}.parquet"
            pending_write = events_writer.submit(_write_events, events, events_path)
            events_files.append(str(events_path))
            persona_counts += np.bincount(
                pc.index_in(personas["persona"], pa.array([p.name for p in PERSONAS])).to_numpy(),
                minlength=len(PERSONAS),
            )
            n_events += events.num_rows
            bar.update(users.num_rows)
            bar.set_postfix(events=f"{n_events:,}", refresh=False)
        if pending_write is not None:
            pending_write.result()
    return {
        "n_users": n_users,
        "n_events": n_events,
        "events_files": events_files,
        "users_path": str(users_path),
        "personas_path": str(personas_path),
        "start_date": window.start_date.isoformat(),
        "end_date": window.end_date.isoformat(),
        "personas": {
            persona.name: int(count)
            for persona, count in zip(PERSONAS, persona_counts, strict=True)
        },
    }


@contextmanager
def _chunk_results(chunk_args: Iterator[tuple], jobs: int) -> Iterator[Iterator[tuple]]:
    """Generated chunks in chunk order, from a pool of ``jobs`` processes when ``jobs`` > 1.

    The first chunks are submitted before anything else starts a thread, so the workers are
    forked from a single-threaded process. At most ``jobs + 1`` chunks are in flight.
    """
    if jobs == 1:
        yield (_generate_chunk(*args) for args in chunk_args)
        return
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        queue: deque[Future] = deque()
        for args in itertools.islice(chunk_args, jobs + 1):
            queue.append(pool.submit(_generate_chunk, *args))
        yield _in_order(pool, queue, chunk_args)


def _in_order(pool: ProcessPoolExecutor, queue: deque, chunk_args: Iterator[tuple]) -> Iterator:
    """Results of the queued futures in order, topping the queue up from ``chunk_args``."""
    while queue:
        result = queue.popleft().result()
        for args in itertools.islice(chunk_args, 1):
            queue.append(pool.submit(_generate_chunk, *args))
        yield result


def _generate_chunk(
    chunk_seed: np.random.SeedSequence,
    chunk_index: int,
    users_per_file: int,
    n_users: int,
    end_year: int,
    window: _Window,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Users, answer key and events (without event ids) of one chunk of users."""
    rng = np.random.default_rng(chunk_seed)
    first_user_id = chunk_index * users_per_file + 1
    user_ids = np.arange(
        first_user_id, min(first_user_id + users_per_file, n_users + 1), dtype=np.int64
    )
    persona_codes = _assign_personas(rng, user_ids.size)
    users = _user_table(rng, user_ids, persona_codes, end_year)
    personas = _persona_table(user_ids, persona_codes)
    events = _event_table(rng, persona_codes, first_user_id, window)
    return users, personas, events


def _prepare_directory(directory: Path) -> Path:
    """Create ``directory`` and delete Parquet files left there by a previous run."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.parquet"):
        stale.unlink()
    return directory


def _make_window(end_date: datetime.date, days: int) -> _Window:
    """Describe the ``days``-day UTC window ending at ``end_date`` (inclusive)."""
    start_date = end_date - datetime.timedelta(days=days - 1)
    epoch = datetime.date(1970, 1, 1)
    start_us = (start_date - epoch).days * _MICROS_PER_DAY
    # date.weekday(): Monday=0 ... Sunday=6
    is_weekend = np.array(
        [(start_date + datetime.timedelta(days=offset)).weekday() >= 5 for offset in range(days)]
    )
    offsets = np.arange(days, dtype=np.int64)
    return _Window(
        start_date=start_date,
        end_date=end_date,
        days=days,
        start_us=start_us,
        end_us=start_us + days * _MICROS_PER_DAY,
        weekday_offsets=offsets[~is_weekend],
        weekend_offsets=offsets[is_weekend],
    )


def _assign_personas(rng: np.random.Generator, n_users: int) -> np.ndarray:
    """Persona code per user: exact quotas (largest remainder) in random order."""
    shares = np.array([persona.share for persona in PERSONAS])
    quotas = shares / shares.sum() * n_users
    counts = np.floor(quotas).astype(np.int64)
    shortfall = n_users - counts.sum()
    counts[np.argsort(-(quotas - counts), kind="stable")[:shortfall]] += 1
    codes = np.repeat(np.arange(len(PERSONAS), dtype=np.int64), counts)
    return rng.permutation(codes)


def _persona_parameter(attribute: str, persona_codes: np.ndarray) -> np.ndarray:
    """Per-user value of a numeric ``Persona`` attribute."""
    table = np.array([getattr(persona, attribute) for persona in PERSONAS], dtype=np.float64)
    return table[persona_codes]


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------


def _category_weights(base: dict, persona: Persona, attribute: str) -> np.ndarray:
    """Normalised category weights of ``attribute`` for ``persona`` (base weights x skews)."""
    skews = persona.demographic_skews.get(attribute, {})
    weights = np.array([weight * skews.get(category, 1.0) for category, weight in base.items()])
    return weights / weights.sum()


def _draw_from_rows(
    rng: np.random.Generator, weights: np.ndarray, row_codes: np.ndarray
) -> np.ndarray:
    """Outcome index per item, drawn from row ``row_codes[i]`` of the ``weights`` matrix."""
    n_rows, n_outcomes = weights.shape
    cdfs = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
    cdfs[:, -1] = 1.0
    # Inverse-CDF sampling for all rows in one search: row r's CDF is shifted to [r, r + 1].
    shifted = (cdfs + np.arange(n_rows)[:, None]).ravel()
    draws = row_codes + rng.random(row_codes.size)
    flat_index = np.searchsorted(shifted, draws, side="right")
    return np.minimum(flat_index - row_codes * n_outcomes, n_outcomes - 1)


def _sample_categories(
    rng: np.random.Generator, persona_codes: np.ndarray, base: dict, attribute: str
) -> np.ndarray:
    """Category index per user, drawn from the user's persona-specific weights."""
    weights = np.stack([_category_weights(base, persona, attribute) for persona in PERSONAS])
    return _draw_from_rows(rng, weights, persona_codes)


def _codes(categories, codes: np.ndarray) -> pa.DictionaryArray:
    """Dictionary array of ``categories[codes]`` built without per-row Python objects."""
    dictionary = pa.array([str(category) for category in categories], type=pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), dictionary)


def _labels(categories, codes: np.ndarray) -> pa.Array:
    """String array of ``categories[codes]`` built without per-row Python objects."""
    return _codes(categories, codes).cast(pa.string())


def _birth_years(rng: np.random.Generator, persona_codes: np.ndarray, end_year: int) -> np.ndarray:
    """Birth year per user: persona-skewed age band, then a uniform age inside the band."""
    bands = np.array(list(AGE_BANDS))
    band_index = _sample_categories(rng, persona_codes, AGE_BANDS, "age_band")
    low, high = bands[band_index, 0], bands[band_index, 1]
    ages = low + np.floor(rng.random(persona_codes.size) * (high - low + 1)).astype(np.int64)
    return (end_year - ages).astype(np.int32)


def _interests(rng: np.random.Generator, persona_codes: np.ndarray) -> pa.Array:
    """1-3 distinct persona-skewed interests per user joined with ``INTEREST_SEPARATOR``."""
    names = list(INTERESTS)
    log_weights = np.log(
        np.stack([_category_weights(INTERESTS, persona, "interests") for persona in PERSONAS])
    )
    # Gumbel-top-k: the k largest perturbed log-weights are a weighted draw without replacement.
    max_interests = len(INTEREST_COUNT_PROBABILITIES)
    keys = log_weights[persona_codes] + rng.gumbel(size=(persona_codes.size, len(names)))
    top = np.argsort(-keys, axis=1)[:, :max_interests]
    n_interests = 1 + rng.choice(
        max_interests, size=persona_codes.size, p=INTEREST_COUNT_PROBABILITIES
    )
    columns = []
    for position in range(max_interests):
        labels = _labels(names, top[:, position])
        if position > 0:
            labels = pc.if_else(
                pa.array(n_interests > position), labels, pa.scalar(None, pa.string())
            )
        columns.append(labels)
    return pc.binary_join_element_wise(*columns, INTEREST_SEPARATOR, null_handling="skip")


def _user_table(
    rng: np.random.Generator, user_ids: np.ndarray, persona_codes: np.ndarray, end_year: int
) -> pa.Table:
    """Demographics of one chunk of users."""
    columns = {
        "user_id": pa.array(user_ids, type=pa.int64()),
        "birth_year": pa.array(_birth_years(rng, persona_codes, end_year), type=pa.int32()),
    }
    for column, base in _CATEGORICAL_COLUMNS.items():
        columns[column] = _labels(base, _sample_categories(rng, persona_codes, base, column))
    columns["interests"] = _interests(rng, persona_codes)
    return pa.table(columns, schema=USERS_SCHEMA)


def _persona_table(user_ids: np.ndarray, persona_codes: np.ndarray) -> pa.Table:
    """Answer-key rows of one chunk of users."""
    names = [persona.name for persona in PERSONAS]
    return pa.table(
        {"user_id": pa.array(user_ids, type=pa.int64()), "persona": _labels(names, persona_codes)},
        schema=PERSONAS_SCHEMA,
    )


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------


@dataclass
class _EventBlock:
    """Columnar events; ``user`` is the chunk-local user index, times are epoch microseconds."""

    user: np.ndarray
    event_us: np.ndarray
    type_code: np.ndarray
    duration_s: np.ndarray  # NaN where the event type has no duration

    @classmethod
    def of_type(cls, user, event_us, type_code, duration_s=None) -> _EventBlock:
        """Block whose scalar or per-event ``type_code`` and optional durations are broadcast."""
        n_events = user.size
        return cls(
            user=user,
            event_us=event_us,
            type_code=np.broadcast_to(np.asarray(type_code, dtype=np.int8), (n_events,)).copy(),
            duration_s=np.full(n_events, np.nan) if duration_s is None else duration_s,
        )

    @classmethod
    def concat(cls, blocks: list[_EventBlock]) -> _EventBlock:
        """Concatenate blocks column by column."""
        return cls(
            *(
                np.concatenate([getattr(block, column) for block in blocks])
                for column in ("user", "event_us", "type_code", "duration_s")
            )
        )


def _moment_within(
    rng: np.random.Generator, start_us: np.ndarray, span_s: np.ndarray, window: _Window
) -> np.ndarray:
    """Uniform random moment in ``[start, start + span)``, truncated to end inside the window."""
    span_us = np.minimum(span_s * _MICROS_PER_SECOND, window.end_us - start_us)
    return start_us + (rng.random(start_us.size) * span_us).astype(np.int64)


def _session_hours(
    rng: np.random.Generator, session_persona: np.ndarray, is_weekend: np.ndarray
) -> np.ndarray:
    """Start hour per session, drawn from its persona's weekday or weekend hour profile."""
    profile_names = list(HOUR_PROFILES)
    profile_code = {name: code for code, name in enumerate(profile_names)}
    weekday = np.array([profile_code[persona.weekday_hour_profile] for persona in PERSONAS])
    weekend = np.array([profile_code[persona.weekend_hour_profile] for persona in PERSONAS])
    session_profile = np.where(is_weekend, weekend[session_persona], weekday[session_persona])
    weights = np.array([HOUR_PROFILES[name] for name in profile_names])
    return _draw_from_rows(rng, weights, session_profile)


def _session_counts(rng: np.random.Generator, expected: np.ndarray, n_dates: int) -> np.ndarray:
    """Session count per user: at most ``MAX_SESSIONS_PER_DAY`` per date, binomially distributed.

    Daily habits make session counts less dispersed than Poisson counts of the same mean.
    """
    n_slots = n_dates * MAX_SESSIONS_PER_DAY
    return rng.binomial(n_slots, np.minimum(expected / max(n_slots, 1), 1.0))


def _sessions(
    rng: np.random.Generator, persona_codes: np.ndarray, activity: np.ndarray, window: _Window
) -> _EventBlock:
    """Session events, grouped by user, on the weekday and weekend dates of the window.

    The event time is the session start; ``duration_s`` is the session length.
    """
    n_users = persona_codes.size
    expected_weekday = (
        _persona_parameter("weekday_sessions_per_day", persona_codes) * window.weekday_offsets.size
    )
    expected_weekend = (
        _persona_parameter("weekend_sessions_per_day", persona_codes) * window.weekend_offsets.size
    )
    time_online = activity**SESSION_SHARE_OF_ACTIVITY
    # Interleave [weekday count, weekend count] per user so sessions stay grouped by user.
    counts = np.stack(
        [
            _session_counts(rng, expected_weekday * time_online, window.weekday_offsets.size),
            _session_counts(rng, expected_weekend * time_online, window.weekend_offsets.size),
        ],
        axis=1,
    ).ravel()
    user = np.repeat(np.repeat(np.arange(n_users, dtype=np.int64), 2), counts)
    is_weekend = np.repeat(np.tile([False, True], n_users), counts)

    day_offset = np.empty(user.size, dtype=np.int64)
    for weekend_flag, offsets in ((False, window.weekday_offsets), (True, window.weekend_offsets)):
        selected = is_weekend == weekend_flag
        if selected.any():
            day_offset[selected] = offsets[rng.integers(0, offsets.size, size=selected.sum())]

    session_persona = persona_codes[user]
    hour = _session_hours(rng, session_persona, is_weekend)
    start_us = (
        window.start_us
        + day_offset * _MICROS_PER_DAY
        + hour * _MICROS_PER_HOUR
        + rng.integers(0, _MICROS_PER_HOUR, size=user.size)
    )

    mean_minutes = np.where(
        is_weekend,
        _persona_parameter("weekend_session_minutes", session_persona),
        _persona_parameter("weekday_session_minutes", session_persona),
    )
    duration_s = rng.gamma(SESSION_LENGTH_SHAPE, mean_minutes * 60 / SESSION_LENGTH_SHAPE)
    duration_s = np.maximum(np.round(duration_s), MIN_SESSION_SECONDS)
    return _EventBlock.of_type(user, start_us, _EVENT_CODE["session"], duration_s)


def _moments_in_sessions(
    rng: np.random.Generator, sessions: _EventBlock, counts: np.ndarray, window: _Window
) -> tuple[np.ndarray, np.ndarray]:
    """Place ``counts[u]`` events of each user at random moments of that user's sessions.

    Users without sessions get no events. Returns the chunk-local user index and the time of
    every placed event.
    """
    sessions_per_user = np.bincount(sessions.user, minlength=counts.size)
    counts = np.where(sessions_per_user > 0, counts, 0)
    first_session = np.cumsum(sessions_per_user) - sessions_per_user
    user = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    session = first_session[user] + (rng.random(user.size) * sessions_per_user[user]).astype(
        np.int64
    )
    event_us = _moment_within(rng, sessions.event_us[session], sessions.duration_s[session], window)
    return user, event_us


def _user_propensity(
    rng: np.random.Generator, persona_codes: np.ndarray, attribute: str
) -> np.ndarray:
    """Per-user probability drawn from a Beta distribution centred on the persona's rate."""
    mean = _persona_parameter(attribute, persona_codes)
    return rng.beta(mean * PROPENSITY_CONCENTRATION, (1 - mean) * PROPENSITY_CONCENTRATION)


def _engagement(
    rng: np.random.Generator,
    persona_codes: np.ndarray,
    activity: np.ndarray,
    sessions: _EventBlock,
    window: _Window,
) -> list[_EventBlock]:
    """Like, reaction and follow events placed inside the users' sessions."""
    expected_likes = _persona_parameter("likes_reactions_per_day", persona_codes) * window.days
    user, event_us = _moments_in_sessions(
        rng, sessions, rng.poisson(expected_likes * activity), window
    )
    is_like = rng.random(user.size) < LIKE_SHARE_OF_LIKES_REACTIONS
    type_code = np.where(is_like, _EVENT_CODE["like"], _EVENT_CODE["reaction"])
    likes_reactions = _EventBlock.of_type(user, event_us, type_code)

    expected_follows = _persona_parameter("follows_per_day", persona_codes) * window.days
    user, event_us = _moments_in_sessions(
        rng, sessions, rng.poisson(expected_follows * activity), window
    )
    follows = _EventBlock.of_type(user, event_us, _EVENT_CODE["follow"])
    return [likes_reactions, follows]


def _advertising(
    rng: np.random.Generator,
    persona_codes: np.ndarray,
    activity: np.ndarray,
    sessions: _EventBlock,
    window: _Window,
) -> list[_EventBlock]:
    """Ad impressions inside sessions, clicks per impression and conversions per click."""
    expected = _persona_parameter("ad_impressions_per_day", persona_codes) * window.days
    user, impression_us = _moments_in_sessions(
        rng, sessions, rng.poisson(expected * activity), window
    )
    typical_view_s = _persona_parameter("ad_view_seconds", persona_codes) * rng.lognormal(
        -(AD_VIEW_USER_SIGMA**2) / 2, AD_VIEW_USER_SIGMA, size=persona_codes.size
    )
    view_s = rng.gamma(AD_VIEW_SHAPE, typical_view_s[user] / AD_VIEW_SHAPE)
    view_s = np.maximum(np.round(view_s, 1), MIN_AD_VIEW_SECONDS)
    impressions = _EventBlock.of_type(user, impression_us, _EVENT_CODE["ad_impression"], view_s)

    clicked = (
        rng.random(user.size) < _user_propensity(rng, persona_codes, "click_through_rate")[user]
    )
    click_user = user[clicked]
    # A click happens while the ad is on screen.
    click_us = _moment_within(rng, impression_us[clicked], view_s[clicked], window)
    clicks = _EventBlock.of_type(click_user, click_us, _EVENT_CODE["ad_click"])

    converted = (
        rng.random(click_user.size)
        < _user_propensity(rng, persona_codes, "conversion_rate")[click_user]
    )
    checkout_s = rng.exponential(CONVERSION_WINDOW_MEAN_SECONDS, size=converted.sum())
    conversion_us = _moment_within(rng, click_us[converted], checkout_s, window)
    conversions = _EventBlock.of_type(
        click_user[converted], conversion_us, _EVENT_CODE["conversion"]
    )
    return [impressions, clicks, conversions]


def _sort_by_user_and_time(events: _EventBlock, n_users: int, window: _Window) -> np.ndarray:
    """Stable ordering of events by (user, timestamp)."""
    span_us = window.end_us - window.start_us
    if n_users * span_us < np.iinfo(np.int64).max:
        # One int64 key sorts faster than a two-key lexsort.
        return np.argsort(
            events.user * span_us + (events.event_us - window.start_us), kind="stable"
        )
    return np.lexsort((events.event_us, events.user))


def _event_table(
    rng: np.random.Generator,
    persona_codes: np.ndarray,
    first_user_id: int,
    window: _Window,
) -> pa.Table:
    """All events of one chunk of users, sorted by user and time (without event ids)."""
    activity = rng.lognormal(-(ACTIVITY_SIGMA**2) / 2, ACTIVITY_SIGMA, size=persona_codes.size)
    sessions = _sessions(rng, persona_codes, activity, window)
    events = _EventBlock.concat(
        [
            sessions,
            *_engagement(rng, persona_codes, activity, sessions, window),
            *_advertising(rng, persona_codes, activity, sessions, window),
        ]
    )
    order = _sort_by_user_and_time(events, persona_codes.size, window)
    duration_s = events.duration_s[order]
    return pa.table(
        {
            "user_id": pa.array(events.user[order] + first_user_id, type=pa.int64()),
            "event_at": pa.array(events.event_us[order], type=pa.timestamp("us", tz="UTC")),
            # Dictionary-encoded in memory; stored as a plain string column (see _write_events).
            "event_type": _codes(EVENT_TYPES, events.type_code[order]),
            "duration_s": pa.array(duration_s, mask=np.isnan(duration_s), type=pa.float64()),
        }
    )


def _write_events(table: pa.Table, path: Path) -> None:
    """Write one events file; dictionary-encode only the low-cardinality event type."""
    pq.write_table(
        table,
        path,
        compression=PARQUET_COMPRESSION,
        use_dictionary=["event_type"],
        # Without the stored Arrow schema, readers see event_type as the plain string it is in
        # Parquet (the in-memory dictionary type is only a faster way to build it).
        store_schema=False,
        write_statistics=list(_DELTA_ENCODED_COLUMNS),
        column_encoding={column: "DELTA_BINARY_PACKED" for column in _DELTA_ENCODED_COLUMNS},
    )
