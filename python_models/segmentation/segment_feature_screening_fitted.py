from user_segmentation.engine import frame, sample_to_pandas
from user_segmentation.segmentation import (
    FIT_HANDOFF_USERS,
    one_compute_thread,
    screen_fitted_model,
    screening_input_columns,
    screening_sample_size,
)


def model(dbt, session):
    enabled = str(dbt.config.get("feature_screening")).lower() in ("true", "1", "yes")
    models = frame(dbt.ref("int_segmentation_model_current"))
    relation = dbt.ref("int_user_features_joined")
    if not enabled:
        # Switched off: the feature view (an aggregation of every event) is not even read.
        return screen_fitted_model(None, models, enabled=False)
    # Only the columns the fitted config reads, handed over as Arrow. Up to FIT_HANDOFF_USERS
    # users all of them (the refits take their own sample); above, only as many as the refits
    # use, a uniform sample (10M users: 1M rows handed over and encoded took ~2.5 s of CPU).
    columns = screening_input_columns(models, relation.columns)
    features = sample_to_pandas(
        relation, columns, screening_sample_size(models), sample_above=FIT_HANDOFF_USERS
    )
    with one_compute_thread():
        screening = screen_fitted_model(features, models)
    return screening
