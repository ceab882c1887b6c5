"""The segmentation marts as tidy pandas frames, shaped once for the report and the dashboard.

Nothing here knows about plotting or pages: each ``read_*`` function takes an open DuckDB
connection (read-only is enough) and returns plain data; the other functions shape frames
already read (the report reads the build file, the dashboard a published release) into the
frames the charts take. A chart fed by both, such as the category mix, is shaped by one function
here, so the report and the dashboard show the same thing. The user-level sample
for the PCA scatter and the feature distributions is drawn deterministically and re-encoded with
the stored model encoding, so the projection shows the space the model clustered in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from user_segmentation.segmentation.features import apply_encoding
from user_segmentation.segmentation.model_artifact import StoredModel, read_model
from user_segmentation.serving.publish import has_table

DEFAULT_SAMPLE_SIZE = 3_000
DEFAULT_SEED = 42
MIX_ATTRIBUTES = ("age_band", "gender", "income_band", "device", "location")
ATTRIBUTE_LABELS = {
    "age_band": "Age",
    "gender": "Gender",
    "income_band": "Income",
    "device": "Device",
    "location": "Location",
    "language": "Language",
    "education": "Education",
}


@dataclass(frozen=True)
class PcaProjection:
    """Users and segment centres in the first two principal components of the model space."""

    points: pd.DataFrame
    centres: pd.DataFrame
    explained_variance_ratio: tuple[float, float]


def _frame(connection: duckdb.DuckDBPyConnection, query: str, params=None) -> pd.DataFrame:
    return connection.execute(query, params or []).df()


def read_run(connection: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The segmentation run the marts were built from, for the report header.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to a built warehouse.

    Returns
    -------
    dict
        Every column of the newest ``segmentation_runs`` row (run_id, preset, k, silhouette,
        selection_rule, user_source, computed_at, ...; newer builds add structure_verdict and
        stability_mean_ari), and: users (assigned users, else fitted users), config (the run's
        segmentation settings), min_segment_share (the selection threshold, or None),
        data_as_of (the date the data describes: the feature window's end, var as_of_date or
        the build date; None for builds older than int_as_of_date_defined without dates),
        data_as_of_source (newest event, var as_of_date, build date, or None),
        freshness (see `read_freshness`).
    """
    run = _frame(connection, "select * from segmentation_runs order by computed_at desc limit 1")
    if run.empty:
        raise ValueError("segmentation_runs is empty: build the project with `dbt build` first.")
    record = run.iloc[0].to_dict()
    config = json.loads(record.pop("config_json", None) or "{}")
    record["k"] = int(record["k"])
    record["users"] = int(record.get("assigned_users") or record["fitted_users"])
    record["config"] = config
    record["min_segment_share"] = config.get("min_segment_share")
    record["data_as_of"], record["data_as_of_source"] = _data_as_of(connection)
    record["freshness"] = read_freshness(connection)
    return record


def read_freshness(connection: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The ``input_freshness`` row (newest event, its age at build time, is_stale), or None.

    None when the build has no such mart (a flat profiles file has no event dates).
    """
    if not has_table(connection, "input_freshness"):
        return None
    rows = _frame(connection, "select * from input_freshness")
    return rows.iloc[0].to_dict() if not rows.empty else None


def read_rule_crosstab(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """ML segments against the rule-based baseline segments, or None without that mart.

    Returns
    -------
    pandas.DataFrame or None
        segment_id, segment_name, rule_segment_id, rule_segment_name, rule_priority, users,
        share_of_segment, share_of_rule_segment, lift; ordered by rule priority and segment.
    """
    if not has_table(connection, "segment_rule_crosstab"):
        return None
    return _frame(
        connection,
        "select crosstab.segment_id, crosstab.segment_name, crosstab.rule_segment_id, "
        "crosstab.rule_segment_name, rules.priority as rule_priority, crosstab.users, "
        "crosstab.share_of_segment, crosstab.share_of_rule_segment, crosstab.lift "
        "from segment_rule_crosstab as crosstab "
        "inner join rule_segments as rules on crosstab.rule_segment_id = rules.rule_segment_id "
        "order by rules.priority, crosstab.segment_id",
    )


def _data_as_of(connection: duckdb.DuckDBPyConnection) -> tuple[Any, str | None]:
    """The as-of date and its source: int_as_of_date_defined (every input shape), else, in older
    builds, each user's last active date plus their days since last seen (events only)."""
    if has_table(connection, "int_as_of_date_defined"):
        rows = connection.execute(
            "select as_of_date, as_of_source from int_as_of_date_defined"
        ).fetchall()
        if rows:
            return rows[0][0], rows[0][1]
    columns = _columns(connection, "int_user_features_joined")
    if not {"last_seen_at", "days_since_last_seen"} <= columns:
        return None, None
    row = connection.execute(
        "select max(cast(last_seen_at as date) + cast(days_since_last_seen as integer)) "
        "from int_user_features_joined where last_seen_at is not null"
    ).fetchall()
    return (row[0][0], "newest event") if row and row[0][0] is not None else (None, None)


def read_feature_screening(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What each clustered feature adds (``segment_feature_screening``), empty without the mart.

    Returns
    -------
    pandas.DataFrame
        feature_name, feature_label, silhouette_with, silhouette_without, stability_with,
        stability_without, share_explained, recommendation, reason; leave-out candidates first,
        then by how much the silhouette drops without the feature.
    """
    columns = [
        "feature_name",
        "feature_label",
        "silhouette_with",
        "silhouette_without",
        "stability_with",
        "stability_without",
        "share_explained",
        "recommendation",
        "reason",
    ]
    if not has_table(connection, "segment_feature_screening"):
        return pd.DataFrame(columns=columns)
    return _frame(
        connection,
        f"select {', '.join(columns)} from segment_feature_screening "
        "order by is_leave_out_candidate desc, silhouette_change desc, feature_name",
    )


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = connection.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    return {row[0] for row in rows}


def _labels_table(connection: duckdb.DuckDBPyConnection) -> str:
    """The numeric feature labels as a query: int_feature_labels_defined (labels from the
    config, any input shape), else the feature_labels seed of older builds."""
    if _columns(connection, "int_feature_labels_defined"):
        return (
            "(select feature_name, feature_label, unit from int_feature_labels_defined "
            "where feature_kind = 'numeric')"
        )
    return "(select feature_name, feature_label, unit from feature_labels)"


def read_segments(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per segment: id, name, description, user count and share.

    Returns
    -------
    pandas.DataFrame
        segment_id, segment_name, segment_description, user_count, user_share; by segment_id.
    """
    return _frame(
        connection,
        "select segment_id, segment_name, segment_description, user_count, user_share "
        "from segment_profiles order by segment_id",
    )


def read_stored_model(connection: duckdb.DuckDBPyConnection) -> StoredModel:
    """The current run of the stored model (encoding, segment ids, centres)."""
    artifact = _frame(connection, "select * from segmentation_model")
    if not (artifact["record_type"] == "run").any():
        raise ValueError("segmentation_model has no run: build the project with `dbt build`.")
    return read_model(artifact)


def read_feature_labels(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Labels of the numeric features: feature_name, feature_label, unit (from the config)."""
    return _frame(connection, f"select * from {_labels_table(connection)}")


def read_radar(
    connection: duckdb.DuckDBPyConnection, feature_order: list[str] | None = None
) -> pd.DataFrame:
    """Segment means of the clustering features as z-scores on the radar's fixed scale.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to a built warehouse.
    feature_order : list of str, optional
        Order of the features around the radar (the model's order); others follow by name.

    Returns
    -------
    pandas.DataFrame
        segment_id, segment_name, feature_name, feature_label, unit, mean_value, z_score,
        normalised_value (z clipped to +-2 on 0..1); ordered by feature, then segment.
    """
    radar = _frame(
        connection,
        "select r.segment_id, p.segment_name, r.feature_name, r.feature_label, l.unit, "
        "r.mean_value, r.z_score, r.normalised_value from segment_radar as r "
        "join segment_profiles as p using (segment_id) "
        f"left join {_labels_table(connection)} as l using (feature_name)",
    )
    return order_features(radar, feature_order)


def order_features(frame: pd.DataFrame, feature_order: list[str] | None) -> pd.DataFrame:
    """Rows by feature (``feature_order`` first, the others by name), then by segment."""
    names = sorted(frame["feature_name"].unique())
    order = [f for f in (feature_order or []) if f in names]
    order += [f for f in names if f not in order]
    rank = {name: position for position, name in enumerate(order)}
    ranked = frame.assign(_rank=frame["feature_name"].map(rank))
    ranked = ranked.sort_values(["_rank", "segment_id"], kind="stable")
    return ranked.drop(columns="_rank").reset_index(drop=True)


def read_feature_highlights(
    connection: duckdb.DuckDBPyConnection, per_segment: int = 3
) -> pd.DataFrame:
    """The most distinctive numeric features of each segment (largest |z-score|).

    Returns
    -------
    pandas.DataFrame
        segment_id, feature_rank, feature_name, feature_label, unit, mean_value,
        population_mean, lift, z_score; ``per_segment`` rows per segment.
    """
    return _frame(
        connection,
        "select segment_id, feature_rank, feature_name, feature_label, unit, mean_value, "
        "population_mean, lift, z_score from ("
        "  select s.*, l.unit, row_number() over ("
        "    partition by s.segment_id order by abs(s.z_score) desc, s.feature_name"
        "  ) as feature_rank"
        f"  from segment_feature_stats as s left join {_labels_table(connection)} as l "
        "using (feature_name)"
        "  where s.z_score is not null"
        ") where feature_rank <= ? order by segment_id, feature_rank",
        [per_segment],
    )


def read_interests(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Top interests of each segment with their share, population share and lift.

    Returns
    -------
    pandas.DataFrame
        segment_id, segment_name, interest_rank, interest, users, share, population_share,
        lift; by segment and rank.
    """
    return _frame(
        connection,
        "select i.segment_id, p.segment_name, i.interest_rank, i.interest, i.users, i.share, "
        "i.population_share, i.lift from segment_interests as i "
        "join segment_profiles as p using (segment_id) order by i.segment_id, i.interest_rank",
    )


def read_category_mix(
    connection: duckdb.DuckDBPyConnection, attributes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Share of each category per segment and its index against the whole population.

    Categories keep their band order where one is defined (the seed's age and income bands, or
    a configured ``order``) and otherwise go from the most to the least common in the population.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to a built warehouse.
    attributes : tuple of str, optional
        Attributes to show, in order. Default: MIX_ATTRIBUTES for the events and profiles_csv
        shapes; every configured attribute (in config order) for a user table.

    Returns
    -------
    pandas.DataFrame
        The columns and order of `shape_category_mix`.
    """
    has_label = "attribute_label" in _columns(connection, "segment_category_mix")
    mix = _frame(
        connection,
        "select m.segment_id, p.segment_name, m.attribute, m.category, m.category_order, "
        f"{'m.attribute_label' if has_label else 'null as attribute_label'}, "
        "m.users, m.share, m.population_share, m.share_index from segment_category_mix as m "
        "join segment_profiles as p using (segment_id)",
    )
    if attributes is None:
        present = list(dict.fromkeys(mix["attribute"]))
        fixed_shape = set(present) <= set(ATTRIBUTE_LABELS)
        attributes = tuple(
            [a for a in MIX_ATTRIBUTES if a in present]
            if fixed_shape
            else _configured_order(connection, present)
        )
    return shape_category_mix(mix, attributes)


def shape_category_mix(
    mix: pd.DataFrame, attributes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Rows of ``segment_category_mix`` in the shape the category charts take.

    The one place the category mix is shaped: the report (from the build file) and the dashboard
    (from a published release) both call it. A missing or empty attribute label falls back to
    the known label of the attribute (``age_band`` -> "Age") and then to its name made readable
    (``favourite_store`` -> "Favourite store").

    Parameters
    ----------
    mix : pandas.DataFrame
        segment_id, segment_name, attribute, category, users, share, population_share,
        share_index; optionally attribute_label and category_order (band order).
    attributes : tuple of str, optional
        Attributes to keep, in display order. Default: all, in order of first appearance.

    Returns
    -------
    pandas.DataFrame
        segment_id, segment_name, attribute, attribute_label, category, category_rank,
        category_order, users, share, population_share, share_index; ordered by attribute (as
        given), category rank, segment.
    """
    if attributes is None:
        attributes = tuple(dict.fromkeys(mix["attribute"]))
    mix = mix[mix["attribute"].isin(attributes)].copy()
    for column in ("attribute_label", "category_order"):
        if column not in mix:
            mix[column] = None
    mix["attribute_label"] = mix["attribute_label"].fillna(attribute_labels(mix["attribute"]))
    mix["category_rank"] = category_rank(mix)
    mix["_attribute_rank"] = mix["attribute"].map({a: i for i, a in enumerate(attributes)})
    mix = mix.sort_values(["_attribute_rank", "category_rank", "segment_id"], kind="stable")
    columns = [
        "segment_id",
        "segment_name",
        "attribute",
        "attribute_label",
        "category",
        "category_rank",
        "category_order",
        "users",
        "share",
        "population_share",
        "share_index",
    ]
    return mix[columns].reset_index(drop=True)


def attribute_labels(attributes: pd.Series) -> pd.Series:
    """The display label of each attribute name: its known label, else the name made readable."""
    readable = attributes.str.replace("_", " ").str.capitalize()
    return attributes.map(ATTRIBUTE_LABELS).fillna(readable)


def attribute_label_map(mix: pd.DataFrame, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """The display label of every attribute of a category mix (and of ``extra`` names).

    The mart's ``attribute_label`` where it has one, else the fallback of `attribute_labels`.
    """
    names = pd.Series(list(dict.fromkeys([*mix["attribute"], *extra])), dtype="object")
    given = mix.drop_duplicates("attribute").set_index("attribute")
    stated = names.map(given["attribute_label"]) if "attribute_label" in given else None
    labels = attribute_labels(names) if stated is None else stated.fillna(attribute_labels(names))
    return dict(zip(names, labels, strict=True))


def category_rank(mix: pd.DataFrame) -> pd.Series:
    """Display order of each row's category within its attribute (1 = first).

    Banded categories keep their band order (``category_order``); the others go from the most to
    the least common among all users, ties by name.
    """
    categories = mix.drop_duplicates(["attribute", "category"])
    ordered = categories.assign(
        _band=categories["category_order"].astype("Float64"),
        _population=-categories["population_share"],
    ).sort_values(["attribute", "_band", "_population", "category"], na_position="last")
    ordered["category_rank"] = ordered.groupby("attribute").cumcount() + 1
    rank = ordered.set_index(["attribute", "category"])["category_rank"]
    keys = pd.MultiIndex.from_frame(mix[["attribute", "category"]])
    return pd.Series(rank.reindex(keys).to_numpy(), index=mix.index, dtype="int64")


def _configured_order(connection: duckdb.DuckDBPyConnection, present: list[str]) -> list[str]:
    """Attributes in the order of the labels table (the config's order), others by name."""
    order = []
    if _columns(connection, "int_feature_labels_defined"):
        order = [
            row[0]
            for row in connection.execute(
                "select feature_name from int_feature_labels_defined "
                "where feature_kind = 'categorical'"
            ).fetchall()
        ]
    return [a for a in order if a in present] + sorted(a for a in present if a not in order)


def read_k_selection(
    connection: duckdb.DuckDBPyConnection, run_id: str | None = None
) -> pd.DataFrame:
    """Fit scores of every candidate k of a run (empty for algorithms that choose no k).

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to a built warehouse.
    run_id : str, optional
        The run; all rows when None.

    Returns
    -------
    pandas.DataFrame
        k, silhouette, davies_bouldin, calinski_harabasz, inertia, min_segment_share,
        is_selected; by k.
    """
    return _frame(
        connection,
        "select k, silhouette, davies_bouldin, calinski_harabasz, inertia, min_segment_share, "
        "is_selected from segment_k_selection where ? is null or run_id = ? order by k",
        [run_id, run_id],
    )


def read_user_sample(
    connection: duckdb.DuckDBPyConnection,
    columns: list[str],
    size: int = DEFAULT_SAMPLE_SIZE,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """A deterministic random sample of users with their segment and feature columns.

    The same warehouse, size and seed always give the same users (numpy's generator over the
    sorted user ids, independent of DuckDB's scan order).

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to a built warehouse.
    columns : list of str
        Columns of ``int_user_features_joined`` to return.
    size : int
        At most this many users (all users when there are fewer).
    seed : int
        Seed of the sample.

    Returns
    -------
    pandas.DataFrame
        user_key, segment_id, segment_name and ``columns``; by user_key. No user ids: the
        report is shared widely.
    """
    user_keys = connection.execute(
        "select user_key from user_segments order by user_key"
    ).fetchnumpy()
    all_keys = user_keys["user_key"]
    if len(all_keys) > size:
        chosen = np.random.default_rng(seed).choice(all_keys, size=size, replace=False)
        all_keys = np.sort(chosen)
    selected = ", ".join(f'f."{name}"' for name in dict.fromkeys(columns) if name != "user_id")
    return _frame(
        connection,
        f"select s.user_key, s.segment_id, s.segment_name{', ' if selected else ''}{selected} "
        "from user_segments as s "
        "join int_user_segments_scored as scored using (user_key) "
        "join int_user_features_joined as f on scored.user_id = f.user_id "
        "where list_contains(?, s.user_key) order by s.user_key",
        [all_keys.tolist()],
    )


def pca_projection(
    sample: pd.DataFrame, model: StoredModel, seed: int = DEFAULT_SEED
) -> PcaProjection:
    """Project sampled users and the segment centres onto two principal components.

    The users are encoded exactly as the model encoded them (stored shift, scale and weight per
    column), PCA(2) is fitted on the sample, and the centres are projected with the same fit.

    Parameters
    ----------
    sample : pandas.DataFrame
        Output of :func:`read_user_sample` with the model's source columns.
    model : StoredModel
        The stored encoding and centres.
    seed : int
        ``random_state`` of the PCA solver.

    Returns
    -------
    PcaProjection
        points (user_key, segment_id, segment_name, pc1, pc2), centres (segment_id, pc1, pc2)
        and the explained variance ratio of the two components.
    """
    matrix = apply_encoding(sample, model.columns)
    components = min(2, matrix.shape[1], len(matrix))
    pca = PCA(n_components=components, random_state=seed).fit(matrix)
    points = _pad_to_two(pca.transform(matrix))
    centres = _pad_to_two(pca.transform(model.centres))
    ratio = list(pca.explained_variance_ratio_) + [0.0] * (2 - components)
    return PcaProjection(
        points=pd.DataFrame(
            {
                "user_key": sample["user_key"].to_numpy(),
                "segment_id": sample["segment_id"].to_numpy(),
                "segment_name": sample["segment_name"].to_numpy(),
                "pc1": points[:, 0],
                "pc2": points[:, 1],
            }
        ),
        centres=pd.DataFrame(
            {
                "segment_id": model.segment_ids,
                "pc1": centres[:, 0],
                "pc2": centres[:, 1],
            }
        ),
        explained_variance_ratio=(float(ratio[0]), float(ratio[1])),
    )


def _pad_to_two(values: np.ndarray) -> np.ndarray:
    if values.shape[1] >= 2:
        return values
    return np.hstack([values, np.zeros((len(values), 2 - values.shape[1]))])


def feature_distributions(
    sample: pd.DataFrame, features: list[str], labels: pd.DataFrame
) -> pd.DataFrame:
    """Sampled users' values of the clustering features, long format, for box plots.

    Parameters
    ----------
    sample : pandas.DataFrame
        Output of :func:`read_user_sample`.
    features : list of str
        Numeric features to include, in display order.
    labels : pandas.DataFrame
        feature_name, feature_label, unit (:func:`read_feature_labels`).

    Returns
    -------
    pandas.DataFrame
        user_key, segment_id, segment_name, feature_name, feature_label, unit, value.
    """
    long = sample.melt(
        id_vars=["user_key", "segment_id", "segment_name"],
        value_vars=features,
        var_name="feature_name",
        value_name="value",
    )
    long = long.merge(labels, on="feature_name", how="left")
    long["feature_label"] = long["feature_label"].fillna(long["feature_name"])
    long["value"] = long["value"].astype("float64")
    columns = ["user_key", "segment_id", "segment_name", "feature_name", "feature_label", "unit"]
    return long[[*columns, "value"]]


def with_segment_names(frame: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a segment_name column looked up from ``segment_profiles`` rows.

    For marts read on their own (the dashboard reads each published table as it is), where the
    report's queries join ``segment_profiles`` instead.
    """
    names = profiles.set_index("segment_id")["segment_name"]
    return frame.assign(segment_name=frame["segment_id"].map(names))


def radar_frame(
    radar: pd.DataFrame, profiles: pd.DataFrame, feature_order: list[str] | None = None
) -> pd.DataFrame:
    """Rows of the ``segment_radar`` mart in the shape `charts.radar_chart` takes.

    Features go in ``feature_order`` (the run's), then the others by name; ``unit`` is empty
    because the published marts carry no units (hovers show plain numbers).

    Parameters
    ----------
    radar : pandas.DataFrame
        segment_id, feature_name, feature_label, mean_value, normalised_value.
    profiles : pandas.DataFrame
        segment_id, segment_name.
    feature_order : list of str, optional
        Order of the features around the radar.

    Returns
    -------
    pandas.DataFrame
        segment_id, segment_name, feature_name, feature_label, unit, mean_value,
        normalised_value; ordered by feature, then segment.
    """
    frame = order_features(with_segment_names(radar, profiles).assign(unit=None), feature_order)
    columns = [
        "segment_id",
        "segment_name",
        "feature_name",
        "feature_label",
        "unit",
        "mean_value",
        *(["z_score"] if "z_score" in frame else []),
        "normalised_value",
    ]
    return frame[columns]


def category_mix_frame(mix: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """Rows of the ``segment_category_mix`` mart, with segment names, as `shape_category_mix`
    shapes them for the report."""
    return shape_category_mix(with_segment_names(mix, profiles))
