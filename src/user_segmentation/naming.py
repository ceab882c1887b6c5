"""Segment names and descriptions generated from the profile numbers.

A name is built from the segment's most distinctive numeric features (largest absolute z-score
of the segment mean against the population), so it always agrees with the profile table.
"""

from __future__ import annotations

import pandas as pd

MIN_ABS_Z = 0.25
NAME_PHRASES = 2
MODE_SHARE_FOR_MOSTLY = 0.4


def name_segments(
    feature_stats: pd.DataFrame, category_mix: pd.DataFrame, feature_labels: pd.DataFrame
) -> pd.DataFrame:
    """Unique names and one-sentence descriptions, one row per segment.

    Parameters
    ----------
    feature_stats : pandas.DataFrame
        ``segment_feature_stats`` rows: segment_id, feature_name, user_count, mean_value,
        population_mean, lift, z_score.
    category_mix : pandas.DataFrame
        ``segment_category_mix`` rows: segment_id, attribute, category, share, share_index.
    feature_labels : pandas.DataFrame
        feature_name, feature_label, high_phrase, low_phrase, unit.

    Returns
    -------
    pandas.DataFrame
        segment_id, segment_name, segment_description.
    """
    labels = feature_labels.set_index("feature_name")
    stats = feature_stats.dropna(subset=["z_score"]).copy()
    stats["abs_z"] = stats["z_score"].abs()
    total_users = feature_stats.groupby("segment_id")["user_count"].first().sum()
    rows = []
    for segment_id, segment in stats.groupby("segment_id", sort=True):
        ranked = segment[segment["abs_z"] >= MIN_ABS_Z].sort_values(
            ["abs_z", "feature_name"], ascending=[False, True]
        )
        phrases = [_phrase(row, labels) for row in ranked.itertuples()]
        share = segment["user_count"].iloc[0] / total_users
        mix = category_mix[category_mix["segment_id"] == segment_id]
        rows.append(
            {
                "segment_id": int(segment_id),
                "phrases": phrases,
                "segment_description": _describe(share, ranked.head(3), mix, labels),
            }
        )
    names = _unique_names([(row["segment_id"], row["phrases"]) for row in rows])
    return pd.DataFrame(
        {
            "segment_id": [row["segment_id"] for row in rows],
            "segment_name": [names[row["segment_id"]] for row in rows],
            "segment_description": [row["segment_description"] for row in rows],
        }
    ).astype({"segment_id": "int64"})


def _phrase(row, labels: pd.DataFrame) -> str:
    if row.feature_name not in labels.index:
        direction = "high" if row.z_score > 0 else "low"
        return f"{direction} {row.feature_name.replace('_', ' ')}"
    column = "high_phrase" if row.z_score > 0 else "low_phrase"
    return str(labels.loc[row.feature_name, column])


def _unique_names(phrases_by_segment: list[tuple[int, list[str]]]) -> dict[int, str]:
    """Use the first two phrases; add more phrases, then the id, until every name is unique."""
    length = {segment_id: NAME_PHRASES for segment_id, _ in phrases_by_segment}
    phrases = dict(phrases_by_segment)
    while True:
        names = {sid: _compose(phrases[sid][: length[sid]], sid) for sid in phrases}
        clashes = {n for n in names.values() if list(names.values()).count(n) > 1}
        if not clashes:
            return names
        progressed = False
        for sid, name in names.items():
            if name in clashes and length[sid] < len(phrases[sid]):
                length[sid] += 1
                progressed = True
        if not progressed:
            return {sid: f"{n} (segment {sid})" if n in clashes else n for sid, n in names.items()}


def _compose(phrases: list[str], segment_id: int) -> str:
    if not phrases:
        return "Average users"
    text = ", ".join(phrases)
    return text[0].upper() + text[1:]


def _describe(share: float, top: pd.DataFrame, mix: pd.DataFrame, labels: pd.DataFrame) -> str:
    parts = []
    for row in top.itertuples():
        label = (
            labels.loc[row.feature_name, "feature_label"]
            if row.feature_name in labels.index
            else row.feature_name
        )
        comparison = f"{row.lift:.1f}x the average" if pd.notna(row.lift) else "vs the average"
        parts.append(f"{str(label).lower()} {_format(row.mean_value)} ({comparison})")
    sentence = f"{share:.0%} of users"
    if parts:
        sentence += "; " + ", ".join(parts)
    demographics = _typical_demographics(mix)
    if demographics:
        sentence += "; " + demographics
    return sentence + "."


def _typical_demographics(mix: pd.DataFrame) -> str:
    """The most over-represented category of the segment, and its most common age band."""
    notes = []
    ages = mix[mix["attribute"] == "age_band"].sort_values(
        ["share", "category"], ascending=[False, True]
    )
    if not ages.empty:
        top_age = ages.iloc[0]
        word = "mostly" if top_age["share"] >= MODE_SHARE_FOR_MOSTLY else "most often"
        notes.append(f"{word} aged {top_age['category']} ({top_age['share']:.0%})")
    over = mix[(mix["share_index"] >= 1.2) & (mix["share"] >= 0.1)].sort_values(
        ["share_index", "attribute", "category"], ascending=[False, True, True]
    )
    if not over.empty:
        top = over.iloc[0]
        notes.append(f"over-represented: {top['category']} ({top['share_index']:.1f}x)")
    return ", ".join(notes)


def _format(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}"
    return f"{value:.3f}"
