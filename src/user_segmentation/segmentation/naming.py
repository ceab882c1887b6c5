"""Segment names and descriptions generated from the profile numbers.

A name is built from the segment's most distinctive numeric features, so it always agrees with
the profile table. Distinctive is measured on the scale the clustering used (`with_model_scale`):
the segment's centre in standard deviations of the encoded feature, so a log-scaled count that
separates the segments outranks a feature that only looks far from its average in raw units.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from user_segmentation.segmentation.outcomes import OUTCOME_NAME

MIN_ABS_Z = 0.25
NAME_PHRASES = 2
MODE_SHARE_FOR_MOSTLY = 0.4
# A kept name must still be among the segment's this-many most distinctive phrases.
KEEP_NAME_WITHIN_TOP = 4
NOISE_SEGMENT_ID = 0
NOISE_NAME = "Unassigned (noise)"
NOISE_DESCRIPTION = "Users far from every dense segment; the density-based model leaves them out."


def name_segments(
    feature_stats: pd.DataFrame,
    category_mix: pd.DataFrame,
    feature_labels: pd.DataFrame,
    total_users: int | None = None,
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
    labels = _label_texts(feature_labels)
    stats = _distinctiveness(feature_stats)
    user_counts = segment_user_counts(feature_stats, category_mix)
    if total_users is None:
        total_users = user_counts.sum()
    rows = []
    # Every segment, also one no numeric feature tells apart (a constant, or categories only).
    for segment_id in user_counts.index.sort_values():
        ranked = _ranked(stats[stats["segment_id"] == segment_id])
        mix = category_mix[category_mix["segment_id"] == segment_id]
        phrases = [p for p in (_phrase(row, labels) for row in ranked.itertuples()) if p]
        phrases += _category_phrases(mix)
        share = user_counts[segment_id] / total_users
        rows.append(
            {
                "segment_id": int(segment_id),
                "phrases": phrases,
                "segment_description": _describe(share, ranked.head(3), mix, labels),
            }
        )
    names = _unique_names(
        [(row["segment_id"], row["phrases"]) for row in rows],
        lambda segment_ids: _separating_values(segment_ids, stats, labels),
    )
    return pd.DataFrame(
        {
            "segment_id": [row["segment_id"] for row in rows],
            "segment_name": [names[row["segment_id"]] for row in rows],
            "segment_description": [row["segment_description"] for row in rows],
        }
    ).astype({"segment_id": "int64"})


def with_model_scale(feature_stats: pd.DataFrame, model_rows: pd.DataFrame) -> pd.DataFrame:
    """``feature_stats`` with ``model_z``: each numeric feature's segment centre on the scale the
    clustering used (after its transform, in standard deviations), from the model's ``encoding``
    and ``centre`` rows. Empty where the model did not cluster on the feature (profiled only)."""
    encodings = model_rows[
        (model_rows["record_type"] == "encoding")
        & model_rows["category"].isna()
        & (model_rows["weight"] > 0)
    ][["encoded_feature", "source_column", "weight"]]
    centres = model_rows[model_rows["record_type"] == "centre"][
        ["segment_id", "encoded_feature", "value"]
    ]
    scaled = centres.merge(encodings, on="encoded_feature")
    scaled = pd.DataFrame(
        {
            "segment_id": scaled["segment_id"].astype("int64"),
            "feature_name": scaled["source_column"],
            "model_z": scaled["value"] / scaled["weight"],
        }
    )
    stats = feature_stats.drop(columns=["model_z"], errors="ignore")
    stats = stats.astype({"segment_id": "int64"})
    return stats.merge(scaled, on=["segment_id", "feature_name"], how="left")


def segment_user_counts(feature_stats: pd.DataFrame, category_mix: pd.DataFrame) -> pd.Series:
    """Users per segment id: from the numeric feature stats, or, for a table clustered on
    categories alone (no numeric rows), from the users of one attribute's categories."""
    if not feature_stats.empty:
        return feature_stats.groupby("segment_id")["user_count"].first()
    per_attribute = category_mix.groupby(["segment_id", "attribute"])["users"].sum()
    return per_attribute.groupby("segment_id").first()


def _distinctiveness(feature_stats: pd.DataFrame) -> pd.DataFrame:
    """The stats a name may use, with ``signed_z``: how far the segment stands out, on the model's
    scale where known, else in raw units, and ``abs_z``, its size. A feature whose raw mean and
    model-scale centre lie on opposite sides of the average (a heavy tail can do that) says
    nothing clear: left out."""
    stats = feature_stats.dropna(subset=["z_score"]).copy()
    if "model_z" in stats:
        contradicts = stats["model_z"].notna() & (stats["model_z"] * stats["z_score"] < 0)
        stats = stats[~contradicts].copy()
        stats["signed_z"] = stats["model_z"].fillna(stats["z_score"])
    else:
        stats["signed_z"] = stats["z_score"]
    stats["abs_z"] = stats["signed_z"].abs()
    return stats


def _ranked(segment: pd.DataFrame) -> pd.DataFrame:
    return segment[segment["abs_z"] >= MIN_ABS_Z].sort_values(
        ["abs_z", "feature_name"], ascending=[False, True]
    )


def _phrase(row, labels: pd.DataFrame) -> str:
    """The name phrase of a feature's direction; empty for a labelled feature without phrases
    (a profiled-only feature of a user table describes segments but does not name them)."""
    if row.feature_name not in labels.index:
        direction = "high" if row.z_score > 0 else "low"
        return f"{direction} {row.feature_name.replace('_', ' ')}"
    column = "high_phrase" if row.z_score > 0 else "low_phrase"
    phrase = labels.loc[row.feature_name, column]
    return "" if pd.isna(phrase) else str(phrase)


# A unit or range in parentheses, as raw headers carry them: "Spending Score (1-100)".
PARENTHESISED = re.compile(r"\s*\([^()]*\)")
# Category values that say what they are ("Desktop Only", "Female"); any other value (numbers,
# bands such as 65+, codes, yes/no, 0/1) is named with its attribute in descriptions.
SELF_EXPLAINING = re.compile(r"[A-Za-z]{4,}")
BARE_ANSWERS = {"yes", "no", "true", "false", "none", "null", "unknown", "other"}
#: The words of answers on a scale ("Strongly agree", "Very satisfied", "Rarely", "High"): a value
#: made only of them says nothing without its question ("Q3 = Strongly agree").
SCALE_WORDS = frozenset(
    {
        "strongly",
        "somewhat",
        "very",
        "completely",
        "extremely",
        "slightly",
        "fairly",
        "quite",
        "mostly",
        "not",
        "at",
        "all",
        "neither",
        "nor",
        "agree",
        "disagree",
        "satisfied",
        "dissatisfied",
        "unsatisfied",
        "likely",
        "unlikely",
        "important",
        "unimportant",
        "neutral",
        "never",
        "rarely",
        "sometimes",
        "often",
        "always",
        "usually",
        "high",
        "low",
        "medium",
        "moderate",
        "poor",
        "fair",
        "good",
        "excellent",
        "average",
        "bad",
    }
)


def _label_texts(feature_labels: pd.DataFrame) -> pd.DataFrame:
    """The labels and phrases as names and descriptions say them, by feature_name: without units
    (`without_units`), unless two of them would then read the same ("Orders (#)" and "Orders (%)"
    named a segment "Low orders, low orders"): those keep their units."""
    labels = feature_labels.set_index("feature_name").copy()
    for column in ("feature_label", "high_phrase", "low_phrase"):
        if column not in labels:
            continue
        texts = labels[column].where(labels[column].isna(), labels[column].astype(str))
        stripped = texts.map(lambda text: text if pd.isna(text) else without_units(text))
        said_twice = stripped.str.lower().duplicated(keep=False) & stripped.notna()
        labels[column] = stripped.where(~said_twice, texts)
    return labels


def without_units(text: str) -> str:
    """The text without parenthesised units: ``"high annual income (k$)"`` -> ``"high annual
    income"``. Names read as words; the units stay in the labels of tables and charts."""
    stripped = PARENTHESISED.sub("", text).strip()
    return stripped or text


def category_phrase(label: str, category: str) -> str:
    """A category as a description states it: self-explaining values as they are
    (``"Desktop Only"``), others with their attribute (``"Accepted Cmp5 = 1"``)."""
    value = str(category)
    # A cell merged to hide a small one ("Yes or other") explains itself no more than "Yes".
    core = value.removesuffix(" or other")
    words = set(re.findall(r"[a-z]+", core.lower()))
    if (
        SELF_EXPLAINING.search(core)
        and core.strip().lower() not in BARE_ANSWERS
        and not words <= SCALE_WORDS
    ):
        return value
    return f"{without_units(str(label))} = {value}"


def _unique_names(
    phrases_by_segment: list[tuple[int, list[str]]],
    tell_apart: Callable[[list[int]], dict[int, str]],
) -> dict[int, str]:
    """Use the first two phrases; add more phrases until every name is unique. Names of the same
    phrases in another order clash too: Telco's "High monthly charges, high tenure" and "High
    tenure, high monthly charges" read as one segment. Segments still alike when their phrases
    run out get ``tell_apart``'s text in parentheses (the value that differs most between them),
    else their id."""
    length = {segment_id: NAME_PHRASES for segment_id, _ in phrases_by_segment}
    phrases = dict(phrases_by_segment)
    while True:
        names = {sid: _compose(phrases[sid][: length[sid]], sid) for sid in phrases}
        said = {sid: frozenset(p.lower() for p in phrases[sid][: length[sid]]) for sid in phrases}
        clashing = {sid for sid in phrases if list(said.values()).count(said[sid]) > 1}
        if not clashing:
            return names
        progressed = False
        for sid in clashing:
            if length[sid] < len(phrases[sid]):
                length[sid] += 1
                progressed = True
        if not progressed:
            for group in {said[sid] for sid in clashing}:
                alike = sorted(sid for sid in clashing if said[sid] == group)
                texts = tell_apart(alike)
                if len(set(texts.values())) < len(alike) or set(texts) != set(alike):
                    texts = {sid: f"segment {sid}" for sid in alike}
                names.update({sid: f"{names[sid]} ({texts[sid]})" for sid in alike})
            return names


def _separating_values(
    segment_ids: list[int], stats: pd.DataFrame, labels: pd.DataFrame
) -> dict[int, str]:
    """Segments whose names came out alike, told apart by the feature whose centres lie farthest
    apart between them (``signed_z`` of `_distinctiveness`): its label and each one's mean, so a
    table clustered on one number reads "Low sum gamerounds (sum gamerounds 3.0)" and "(... 11.0)"
    instead of "(segment 3)" and "(segment 4)"."""
    rows = stats[stats["segment_id"].isin(segment_ids)]
    if rows.empty:
        return {}
    spans = rows.groupby("feature_name")["signed_z"].agg(["min", "max", "count"])
    spans = spans[spans["count"] == len(segment_ids)]
    if spans.empty:
        return {}
    spread = (spans["max"] - spans["min"]).sort_index()
    feature = spread.idxmax()
    label = (
        labels.loc[feature, "feature_label"]
        if feature in labels.index and pd.notna(labels.loc[feature, "feature_label"])
        else feature.replace("_", " ")
    )
    means = rows[rows["feature_name"] == feature].set_index("segment_id")["mean_value"]
    return {int(sid): f"{str(label).lower()} {_format(mean)}" for sid, mean in means.items()}


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
        comparison = _comparison(row)
        value = _format(row.mean_value) + _nearest_answer(labels, row.feature_name, row.mean_value)
        parts.append(f"{str(label).lower()} {value} ({comparison})")
    sentence = f"{share:.0%} of users"
    if parts:
        sentence += "; " + ", ".join(parts)
    demographics = _typical_demographics(mix)
    if demographics:
        sentence += "; " + demographics
    return sentence + "."


def _nearest_answer(labels: pd.DataFrame, feature_name: str, mean: float) -> str:
    """For the mean rank of answers on a scale, the answer it is nearest to, and the scale's
    length: "4.3 of 5, about Fortnightly" (a bare 4.3 said nothing), else nothing."""
    if "scale_answers" not in labels.columns or feature_name not in labels.index:
        return ""
    scale = labels.loc[feature_name, "scale_answers"]
    if not isinstance(scale, str) or not scale or pd.isna(mean):
        return ""
    answers = scale.split(" | ")
    nearest = answers[min(max(round(float(mean)), 1), len(answers)) - 1]
    return f" of {len(answers)}, about {nearest}"


def _comparison(row) -> str:
    """How a segment's mean compares with everyone's: a multiple when both are positive (2.4x the
    average), else the average itself (a total with returns can average -0.3, and -0.2x of it
    says nothing; a year of 2,018 against 2,013 is "1.0x the average", though the segment stands
    out on it: far from zero, a multiple rounds every difference away)."""
    population_mean = getattr(row, "population_mean", None)
    is_multiple = pd.notna(row.lift) and row.lift > 0 and round(row.lift, 1) != 1.0
    if is_multiple and (population_mean is None or population_mean > 0):
        if row.lift < 0.05:  # "0.0x the average" read as none at all
            return "under 0.1x the average"
        return f"{row.lift:.1f}x the average"
    if population_mean is not None and pd.notna(population_mean):
        return f"the average is {_format(population_mean)}"
    return "vs the average"


# segment_category_mix merges cells below min_cell_size into this category: never described.
MERGED_SMALL_CELLS = "Other"
#: A category names a segment after its numbers when this over-represented and this common in it.
NAMING_SHARE_INDEX = 1.5
NAMING_SHARE = 0.3


def _category_phrases(mix: pd.DataFrame) -> list[str]:
    """Phrases of the categories that set the segment apart (most over-represented first), after
    its numeric phrases: a table clustered on categories names its segments by them, not
    "Average users" for all."""
    if mix.empty:
        return []
    standing_out = _most_over_represented_first(
        mix[
            (mix["category"] != MERGED_SMALL_CELLS)
            & (mix["category"] != "Unknown")
            # A label the table came with ("Segmentation = C", churned) is compared, not named.
            & ~mix["attribute"].astype(str).map(lambda name: bool(OUTCOME_NAME.search(name)))
            & (mix["share_index"] >= NAMING_SHARE_INDEX)
            & (mix["share"] >= NAMING_SHARE)
        ]
    )
    phrases = []
    for row in standing_out.to_dict("records"):
        stated = row.get("attribute_label")
        label = stated if isinstance(stated, str) and stated else _readable(row["attribute"])
        phrase = category_phrase(label, row["category"])
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def _most_over_represented_first(mix: pd.DataFrame) -> pd.DataFrame:
    """Categories by how many more of the segment's users they hold than the population's share
    would give (share less share / share_index, the population's share), not by index: a
    segment 63% retired (3x) was described by its 13% housemaids (6.4x)."""
    return (
        mix.assign(_excess=mix["share"] - mix["share"] / mix["share_index"])
        .sort_values(["_excess", "attribute", "category"], ascending=[False, True, True])
        .drop(columns="_excess")
    )


def _typical_demographics(mix: pd.DataFrame) -> str:
    """The most over-represented category of the segment, and its most common age band."""
    notes = []
    mix = mix[mix["category"] != MERGED_SMALL_CELLS]
    ages = mix[mix["attribute"] == "age_band"].sort_values(
        ["share", "category"], ascending=[False, True]
    )
    if not ages.empty:
        top_age = ages.iloc[0]
        word = "mostly" if top_age["share"] >= MODE_SHARE_FOR_MOSTLY else "most often"
        notes.append(f"{word} aged {top_age['category']} ({top_age['share']:.0%})")
    over = _most_over_represented_first(mix[(mix["share_index"] >= 1.2) & (mix["share"] >= 0.1)])
    if not over.empty:
        top = over.iloc[0]
        stated = top.get("attribute_label")
        label = stated if isinstance(stated, str) and stated else _readable(top["attribute"])
        value = category_phrase(label, top["category"])
        notes.append(f"over-represented: {value} ({top['share_index']:.1f}x)")
    return ", ".join(notes)


ATTRIBUTE_WORDS = {"age_band": "Age", "income_band": "Income"}


def _readable(attribute: str) -> str:
    """An attribute name as words when the mart carries no label: ``age_band`` -> ``Age``."""
    return ATTRIBUTE_WORDS.get(attribute, str(attribute).replace("_", " ").capitalize())


def _format(value: float) -> str:
    if value == 0:  # "0.000" read as a rounded small number
        return "0"
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    if abs(value) >= 100:  # no thousands comma in a year (2018) or a height (1750)
        return f"{value:.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}"
    return f"{value:.3f}"


def distinctive_phrases(
    feature_stats: pd.DataFrame,
    feature_labels: pd.DataFrame,
    category_mix: pd.DataFrame | None = None,
) -> dict:
    """Per segment, the phrases of its features with |z| >= MIN_ABS_Z (on the model's scale where
    ``feature_stats`` has ``model_z``), most distinctive first."""
    labels = _label_texts(feature_labels)
    stats = _distinctiveness(feature_stats)
    result = {}
    for segment_id in feature_stats["segment_id"].drop_duplicates().sort_values():
        segment = stats[stats["segment_id"] == segment_id]
        phrases = (_phrase(row, labels) for row in _ranked(segment).itertuples())
        result[int(segment_id)] = [phrase for phrase in phrases if phrase]
        if category_mix is not None:
            result[int(segment_id)] += _category_phrases(
                category_mix[category_mix["segment_id"] == segment_id]
            )
    return result


def name_run(
    feature_stats: pd.DataFrame,
    category_mix: pd.DataFrame,
    feature_labels: pd.DataFrame,
    run_id: str,
    previous_names: pd.DataFrame | None = None,
    overrides: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Names of one run: overrides first, then names kept from the previous run, then generated.

    A segment keeps its previous name (same segment id) while every phrase of that name is still
    among its KEEP_NAME_WITHIN_TOP most distinctive phrases, so names do not flicker between
    rebuilds yet never contradict the numbers. Returns run_id, segment_id, segment_name,
    segment_description, name_source (override, kept, generated, noise) and name_phrases.
    """
    real = feature_stats[feature_stats["segment_id"] != NOISE_SEGMENT_ID]
    real_mix = category_mix[category_mix["segment_id"] != NOISE_SEGMENT_ID]
    total_users = segment_user_counts(feature_stats, category_mix).sum()
    generated = name_segments(real, real_mix, feature_labels, total_users).set_index("segment_id")
    phrases = distinctive_phrases(real, feature_labels, real_mix)
    previous = _by_segment(previous_names)
    chosen = _by_segment(overrides)
    rows = []
    for segment_id in generated.index:
        own = phrases.get(int(segment_id), [])
        row = {
            "segment_id": int(segment_id),
            "segment_description": generated.loc[segment_id, "segment_description"],
            "name_phrases": "|".join(_phrases_in(generated.loc[segment_id, "segment_name"], own)),
        }
        if segment_id in chosen:
            row.update(segment_name=chosen[segment_id]["segment_name"], name_source="override")
            described = chosen[segment_id].get("segment_description")
            if isinstance(described, str) and described:
                row["segment_description"] = described
        elif segment_id in previous and _still_true(previous[segment_id], own):
            row.update(
                segment_name=previous[segment_id]["segment_name"],
                name_source="kept",
                name_phrases=previous[segment_id]["name_phrases"],
            )
        else:
            row.update(
                segment_name=generated.loc[segment_id, "segment_name"], name_source="generated"
            )
        rows.append(row)
    if (feature_stats["segment_id"] == NOISE_SEGMENT_ID).any():
        rows.append(
            {
                "segment_id": NOISE_SEGMENT_ID,
                "segment_name": NOISE_NAME,
                "segment_description": NOISE_DESCRIPTION,
                "name_source": "noise",
                "name_phrases": "",
            }
        )
    frame = pd.DataFrame(rows)
    frame["segment_name"] = _deduplicated(frame)
    frame.insert(0, "run_id", run_id)
    return frame[
        [
            "run_id",
            "segment_id",
            "segment_name",
            "segment_description",
            "name_source",
            "name_phrases",
        ]
    ].astype({"segment_id": "int64"})


def _phrases_in(name: str, phrases: list[str]) -> list[str]:
    """The leading phrases a generated name was composed of (names may use more than two)."""
    for count in range(len(phrases), 0, -1):
        if name.startswith(_compose(phrases[:count], 0)):
            return phrases[:count]
    return []


def _by_segment(frame: pd.DataFrame | None) -> dict:
    if frame is None or frame.empty:
        return {}
    return {int(row["segment_id"]): row for row in frame.to_dict("records")}


def _still_true(previous: dict, current_phrases: list[str]) -> bool:
    kept_phrases = [p for p in str(previous.get("name_phrases") or "").split("|") if p]
    if not kept_phrases:
        return not current_phrases
    return set(kept_phrases) <= set(current_phrases[:KEEP_NAME_WITHIN_TOP])


def _deduplicated(frame: pd.DataFrame) -> list[str]:
    """Generated names that clash with an override or a kept name get the segment id appended."""
    priority = {"override": 0, "noise": 0, "kept": 1, "generated": 2}
    taken, names = set(), {}
    for row in sorted(
        frame.to_dict("records"), key=lambda r: (priority[r["name_source"]], r["segment_id"])
    ):
        name = row["segment_name"]
        if name in taken:
            name = f"{name} (segment {row['segment_id']})"
        taken.add(name)
        names[row["segment_id"]] = name
    return [names[segment_id] for segment_id in frame["segment_id"]]
