"""The declarative segmentation config: presets, overrides and their validation."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

import yaml

from user_segmentation.segmentation.errors import ConfigError
from user_segmentation.segmentation.table_config import clustering_settings

NUMERIC_TRANSFORMS = ("none", "log1p")
ALGORITHMS = ("kmeans", "minibatch_kmeans", "gaussian_mixture", "agglomerative", "hdbscan")
DENSITY_ALGORITHMS = ("hdbscan",)


@dataclass(frozen=True)
class NumericFeature:
    """A numeric column fed to the clustering, with the transform applied before scaling."""

    name: str
    transform: str = "none"


@dataclass(frozen=True)
class SegmentationConfig:
    """Everything that decides the segments: features, transforms, algorithm and k."""

    preset: str
    numeric_features: tuple[NumericFeature, ...]
    categorical_features: tuple[str, ...] = ()
    categorical_weight: float = 1.0
    algorithm: str = "kmeans"
    k: int | None = None
    k_range: tuple[int, int] | None = None
    random_state: int = 42
    n_init: str | int = "auto"
    silhouette_sample_size: int = 10_000
    min_segment_share: float = 0.02
    selection_sample_size: int = 20_000
    fit_sample_size: int = 10_000
    stability_runs: int = 5
    stability_sample_size: int = 20_000
    stable_jaccard: float = 0.75
    outlier_percentile: float = 0.99
    winsorize_quantiles: tuple[float, float] | None = None
    description: str = field(default="", compare=False)

    @property
    def feature_columns(self) -> list[str]:
        """Input columns the config reads, numeric first, in config order."""
        return [f.name for f in self.numeric_features] + list(self.categorical_features)

    @property
    def candidate_ks(self) -> list[int]:
        """The k values to try: the fixed k, or every k in the inclusive range."""
        if self.algorithm in DENSITY_ALGORITHMS:
            return []
        if self.k is not None:
            return [self.k]
        low, high = self.k_range
        return list(range(low, high + 1))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the config (without the free-text description)."""
        as_dict = asdict(self)
        as_dict.pop("description")
        if as_dict["winsorize_quantiles"] is None:
            as_dict.pop("winsorize_quantiles")  # off: the same hash as before the setting existed
        return as_dict

    def fingerprint(self) -> str:
        """A short stable hash of the config, to tell runs with different settings apart."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def load_presets() -> dict[str, dict[str, Any]]:
    """Read the presets shipped with the package (presets.yml)."""
    text = resources.files("user_segmentation.segmentation").joinpath("presets.yml").read_text()
    return yaml.safe_load(text)


def parse_optional_count(raw: Any, name: str) -> int | None:
    """Accept a whole number of at least 1, as an int or as dbt renders a var, or nothing (None)."""
    if raw is None or raw == "" or raw == "None":
        return None
    try:
        count = int(str(raw))
    except ValueError:
        count = 0
    if count < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, or null; got {raw!r}.")
    return count


def parse_overrides(raw: Any) -> dict[str, Any]:
    """Accept overrides as a dict, a JSON/YAML string (as dbt renders vars), or nothing."""
    if raw is None or raw == "" or raw == "None":
        return {}
    if isinstance(raw, dict):
        return dict(raw)
    parsed = yaml.safe_load(str(raw))
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        raise ConfigError(
            f'segmentation_overrides must be a mapping such as {{"k": 6}}, got {raw!r}.'
        )
    return parsed


def load_config(preset: str, overrides: Any = None, user_table: Any = None) -> SegmentationConfig:
    """Build a validated config from a preset name and optional overrides.

    Parameters
    ----------
    preset : str
        Name of a preset in presets.yml (`default`, `behaviour_and_demographics`, `notebook`).
    overrides : dict or str, optional
        Keys merged over the preset, e.g. ``{"k": 6}``. Setting ``k`` clears the preset's
        ``k_range`` and setting ``k_range`` clears its ``k``.
    user_table : dict or str, optional
        The ``user_table`` var of ``user_source: table``. Its features marked ``cluster`` replace
        the preset's features (overrides still win).

    Returns
    -------
    SegmentationConfig
    """
    presets = load_presets()
    if preset not in presets:
        raise ConfigError(
            f"Unknown segmentation_preset '{preset}'. Choose one of: {', '.join(presets)} "
            '(set it with --vars \'{"segmentation_preset": "default"}\').'
        )
    settings = dict(presets[preset])
    if user_table:
        settings.update(clustering_settings(user_table))
    extra = parse_overrides(overrides)
    if "k" in extra:
        settings.pop("k_range", None)
    if "k_range" in extra:
        settings.pop("k", None)
    settings.update(extra)
    return _config_from_settings(preset, settings)


def config_from_stored(stored: dict[str, Any]) -> SegmentationConfig:
    """The config a run was fitted with, from the ``config`` dict its run metadata stores.

    Parameters
    ----------
    stored : dict
        ``SegmentationConfig.to_dict()`` as the model table keeps it (JSON-decoded).

    Returns
    -------
    SegmentationConfig
        Equal to the fitted config (the same fingerprint).
    """
    settings = dict(stored)
    return _config_from_settings(settings.pop("preset"), settings)


def _config_from_settings(preset: str, settings: dict[str, Any]) -> SegmentationConfig:
    known = set(SegmentationConfig.__dataclass_fields__)
    unknown = sorted(set(settings) - known)
    if unknown:
        raise ConfigError(
            f"Unknown segmentation setting(s) {unknown}. "
            f"Known settings: {sorted(known - {'preset'})}."
        )
    numeric = tuple(_numeric_feature(item) for item in settings.get("numeric_features", []))
    config = SegmentationConfig(
        preset=preset,
        numeric_features=numeric,
        categorical_features=tuple(settings.get("categorical_features") or ()),
        categorical_weight=float(settings.get("categorical_weight", 1.0)),
        algorithm=settings.get("algorithm", "kmeans"),
        k=settings.get("k"),
        k_range=_k_range(settings.get("k_range")),
        random_state=int(settings.get("random_state", 42)),
        n_init=settings.get("n_init", "auto"),
        silhouette_sample_size=int(settings.get("silhouette_sample_size", 10_000)),
        min_segment_share=float(settings.get("min_segment_share", 0.02)),
        selection_sample_size=int(settings.get("selection_sample_size", 20_000)),
        fit_sample_size=int(settings.get("fit_sample_size", 10_000)),
        stability_runs=int(settings.get("stability_runs", 5)),
        stability_sample_size=int(settings.get("stability_sample_size", 20_000)),
        stable_jaccard=float(settings.get("stable_jaccard", 0.75)),
        outlier_percentile=float(settings.get("outlier_percentile", 0.99)),
        winsorize_quantiles=_quantile_pair(settings.get("winsorize_quantiles")),
        description=str(settings.get("description", "")).strip(),
    )
    _validate(config)
    return config


def _k_range(raw: Any) -> tuple | None:
    if not raw:
        return None
    if isinstance(raw, list | tuple):
        return tuple(raw)
    raise ConfigError(f"k_range must be [low, high] integers with 2 <= low <= high, got {raw!r}.")


def _quantile_pair(raw: Any) -> tuple[float, float] | None:
    if raw is None:
        return None
    if isinstance(raw, list | tuple) and len(raw) == 2:
        low, high = (float(value) for value in raw)
        if 0 <= low < high <= 1:
            return (low, high)
    raise ConfigError(
        f"winsorize_quantiles must be [low, high] with 0 <= low < high <= 1, e.g. [0.001, 0.999], "
        f"or null (off); got {raw!r}."
    )


def _numeric_feature(item: Any) -> NumericFeature:
    if isinstance(item, str):
        return NumericFeature(name=item)
    transform = item.get("transform", "none")
    if transform not in NUMERIC_TRANSFORMS:
        raise ConfigError(
            f"Unknown transform '{transform}' for feature '{item.get('name')}'. "
            f"Use one of: {', '.join(NUMERIC_TRANSFORMS)}."
        )
    return NumericFeature(name=item["name"], transform=transform)


def _validate(config: SegmentationConfig) -> None:
    if not config.feature_columns:
        raise ConfigError("The segmentation config names no features: set numeric_features.")
    duplicates = {c for c in config.feature_columns if config.feature_columns.count(c) > 1}
    if duplicates:
        raise ConfigError(f"Features named twice in the config: {sorted(duplicates)}.")
    if config.algorithm not in ALGORITHMS:
        raise ConfigError(
            f"Unknown algorithm '{config.algorithm}'. Use one of: {', '.join(ALGORITHMS)}."
        )
    if config.algorithm in DENSITY_ALGORITHMS:
        pass
    elif (config.k is None) == (config.k_range is None):
        raise ConfigError("Set exactly one of k (a fixed number) or k_range ([low, high]).")
    if config.k is not None and (not isinstance(config.k, int) or config.k < 2):
        raise ConfigError(f"k must be an integer of at least 2, got {config.k!r}.")
    if config.k_range is not None:
        low, high = config.k_range if len(config.k_range) == 2 else (None, None)
        if not (isinstance(low, int) and isinstance(high, int) and 2 <= low <= high):
            raise ConfigError(
                f"k_range must be [low, high] integers with 2 <= low <= high, got {config.k_range}."
            )
    if config.categorical_weight <= 0:
        raise ConfigError("categorical_weight must be positive.")
    for name in (
        "silhouette_sample_size",
        "selection_sample_size",
        "fit_sample_size",
        "stability_sample_size",
    ):
        if getattr(config, name) < 2:
            raise ConfigError(f"{name} must be at least 2 users, got {getattr(config, name)}.")
    if config.stability_runs < 0:
        raise ConfigError("stability_runs must be 0 (off) or more.")
    if not 0 < config.outlier_percentile < 1:
        raise ConfigError("outlier_percentile must be between 0 and 1, e.g. 0.99.")


def validate_against_columns(config: SegmentationConfig, columns: list[str], n_rows: int) -> None:
    """Check the config fits the feature table: features exist and k is below the row count."""
    missing = [c for c in config.feature_columns if c not in columns]
    if missing:
        raise ConfigError(
            f"Feature(s) {missing} named in the segmentation config do not exist in the feature "
            f"table. Available columns: {', '.join(columns)}."
        )
    largest_k = max(config.candidate_ks, default=1)
    if largest_k >= n_rows:
        raise ConfigError(
            f"k={largest_k} is not below the number of users ({n_rows}). Lower k or k_range "
            '(e.g. --vars \'{"segmentation_overrides": {"k": 3}}\'), or add users. From events, '
            "only the users with an event in the feature window ending at the as-of date count: "
            "by default that date is the newest event's, which one stray timestamp can move past "
            "every other event: set as_of_date."
        )
