from user_segmentation.engine import frame, sampled_to_pandas, sql
from user_segmentation.segmentation import (
    FIT_HANDOFF_USERS,
    configured_features,
    fit_input_columns,
    fit_or_reuse,
    one_compute_thread,
)


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
    # Only the columns the config reads, handed over as Arrow (no text columns, no .df() copy);
    # above FIT_HANDOFF_USERS users only a uniform sample of them (population: every user's count
    # and fingerprint, counted in the engine).
    features, population = sampled_to_pandas(relation, columns, FIT_HANDOFF_USERS)
    previous = frame(sql(session, f"select * from {dbt.this}")) if dbt.is_incremental else None
    with one_compute_thread():
        models = fit_or_reuse(
            features,
            preset,
            overrides,
            previous_models=previous,
            refit=refit,
            user_table=user_table,
            population=population,
            min_cell_size=int(dbt.config.get("min_cell_size") or 0),
        )
    return models
