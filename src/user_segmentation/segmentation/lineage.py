"""Stable segment ids across rebuilds: match new centres to the previous run's (Hungarian).

Centres of two runs live in different encoded spaces (each run re-fits its scaler), so the
previous centres are first mapped back to feature units and re-encoded with the current run's
encoding. Segments whose best match is closer than ``max_distance`` keep the previous id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from user_segmentation.segmentation.features import EncodedColumn

MAX_MATCH_DISTANCE = 1.0


@dataclass(frozen=True)
class SegmentLineage:
    """Ids for the current segments and what happened to the previous ones."""

    segment_ids: list[int]
    status: dict[int, str]
    match_distance: dict[int, float]
    retired_ids: list[int]


def reencode_centres(
    centres: np.ndarray, source: list[EncodedColumn], target: list[EncodedColumn]
) -> np.ndarray:
    """Express centres encoded with `source` in the encoding `target` (unknown columns are 0)."""
    by_name = {column.encoded_name: position for position, column in enumerate(source)}
    result = np.zeros((len(centres), len(target)))
    for position, column in enumerate(target):
        if column.encoded_name not in by_name:
            continue
        old = source[by_name[column.encoded_name]]
        if column.category is not None:
            result[:, position] = (
                centres[:, by_name[column.encoded_name]] / old.weight * column.weight
            )
            continue
        transformed = centres[:, by_name[column.encoded_name]] / old.weight * old.scale + old.shift
        result[:, position] = (transformed - column.shift) / column.scale * column.weight
    return result


def match_segments(
    current: np.ndarray,
    previous: np.ndarray | None,
    previous_ids: list[int],
    highest_id_ever: int,
    max_distance: float = MAX_MATCH_DISTANCE,
) -> SegmentLineage:
    """Give current segments the ids of their matched previous segments, new ids otherwise.

    Parameters
    ----------
    current : (k, d) array of the current centres, in size order.
    previous : (m, d) array of the previous centres in the current encoding, or None.
    previous_ids : ids of the previous centres, in the same order.
    highest_id_ever : the largest id any run has used, so new ids never reuse a retired one.
    max_distance : matches farther apart than this (in encoded units) are not the same segment.
    """
    if previous is None or len(previous) == 0:
        ids = list(range(1, len(current) + 1))
        return SegmentLineage(ids, {i: "new" for i in ids}, {}, [])
    cost = np.sqrt(((current[:, None, :] - previous[None, :, :]) ** 2).sum(axis=2))
    rows, cols = linear_sum_assignment(cost)
    ids: list[int | None] = [None] * len(current)
    status, distance = {}, {}
    for row, col in zip(rows, cols, strict=True):
        if cost[row, col] <= max_distance:
            ids[row] = previous_ids[col]
            status[previous_ids[col]] = "matched"
            distance[previous_ids[col]] = float(cost[row, col])
    next_id = max(highest_id_ever, *previous_ids)
    for position, assigned in enumerate(ids):
        if assigned is None:
            next_id += 1
            ids[position] = next_id
            status[next_id] = "new"
    retired = [pid for pid in previous_ids if pid not in ids]
    return SegmentLineage([int(i) for i in ids], status, distance, retired)
