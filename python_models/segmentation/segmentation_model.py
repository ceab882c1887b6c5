from user_segmentation.engine import frame, sql, to_pandas
from user_segmentation.segmentation import configured_features, fit_input_columns, fit_or_reuse


def model(dbt, session):
    preset = dbt.config.get("segmentation_preset")
    overrides = dbt.config.get("segmentation_overrides")
    refit = dbt.config.get("refit")
    source = dbt.config.get("user_source")
    user_table = configured_features(
        source, dbt.config.get("user_table"), dbt.config.get("event_log")
    )
    relation = dbt.ref("int_user_features_joined")
    columns = fit_input_columns(preset, overrides, relation.columns, user_table)
    # Only the columns the config reads, handed over as Arrow (no text columns, no .df() copy).
    features = to_pandas(relation, columns)
    previous = frame(sql(session, f"select * from {dbt.this}")) if dbt.is_incremental else None
    return fit_or_reuse(
        features, preset, overrides, previous_models=previous, refit=refit, user_table=user_table
    )
