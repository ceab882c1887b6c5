from user_segmentation.engine import frame, sample_to_pandas
from user_segmentation.segmentation import (
    FIT_HANDOFF_USERS,
    screen_fitted_model,
    screening_input_columns,
)


def model(dbt, session):
    enabled = str(dbt.config.get("feature_screening")).lower() in ("true", "1", "yes")
    models = frame(dbt.ref("int_segmentation_model_current"))
    relation = dbt.ref("int_user_features_joined")
    if not enabled:
        # Switched off: the feature view (an aggregation of every event) is not even read.
        return screen_fitted_model(None, models, enabled=False)
    # Only the columns the fitted config reads, handed over as Arrow, and above FIT_HANDOFF_USERS
    # users the fit's uniform sample (screening refits on samples anyway), without the count and
    # fingerprint segmentation_model takes with it.
    columns = screening_input_columns(models, relation.columns)
    features = sample_to_pandas(relation, columns, FIT_HANDOFF_USERS)
    return screen_fitted_model(features, models)
