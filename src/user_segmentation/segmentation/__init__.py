"""Scale, encode and cluster users: the fit path the dbt Python models call.

Parts:

- ``config``, ``table_config``, ``event_log_config``, ``errors``, ``presets.yml``: the
  declarative config (presets, vars, the ``user_table`` and ``event_log`` blocks) and the error
  every check raises.
- ``features``: the feature frame, the scaling and one-hot encoding learned on the fit sample.
- ``algorithms``: the five algorithms behind one interface, and nearest-centre scoring.
- ``clustering``: k selection, sampling, stability.
- ``robust``: outlier clipping and the distinct-profiles check.
- ``lineage``: stable segment ids across runs.
- ``naming``: segment names and descriptions.
- ``model_artifact``: the stored model table (one row per segment and feature, plus run metadata).
- ``pipeline``: fit or reuse a model, assign users; what the Python models call.
- ``screening``: what each clustered feature adds (silhouette and stability with and without it).
- ``threads``: one compute thread while a Python model fits or scores its sample.

The dbt Python models import only the names in ``__all__``.
"""

from user_segmentation.segmentation.clustering import FIT_HANDOFF_USERS
from user_segmentation.segmentation.config import (
    SegmentationConfig,
    load_config,
    parse_optional_count,
)
from user_segmentation.segmentation.errors import ConfigError
from user_segmentation.segmentation.event_log_config import check_event_log, configured_features
from user_segmentation.segmentation.model_artifact import StoredModel, read_model
from user_segmentation.segmentation.naming import name_run, with_model_scale
from user_segmentation.segmentation.pipeline import (
    CHECK_SAMPLE_SEED,
    assign_users,
    fit_input_columns,
    fit_model,
    fit_or_reuse,
    scoring_input_columns,
)
from user_segmentation.segmentation.screening import (
    screen_fitted_model,
    screening_input_columns,
    screening_sample_size,
)
from user_segmentation.segmentation.threads import one_compute_thread

__all__ = [
    "CHECK_SAMPLE_SEED",
    "FIT_HANDOFF_USERS",
    "ConfigError",
    "SegmentationConfig",
    "StoredModel",
    "assign_users",
    "check_event_log",
    "configured_features",
    "fit_input_columns",
    "fit_model",
    "fit_or_reuse",
    "load_config",
    "name_run",
    "one_compute_thread",
    "parse_optional_count",
    "read_model",
    "scoring_input_columns",
    "screen_fitted_model",
    "screening_input_columns",
    "screening_sample_size",
    "with_model_scale",
]
