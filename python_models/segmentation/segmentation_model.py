from user_segmentation.pipeline import fit_or_reuse


def model(dbt, session):
    preset = dbt.config.get("segmentation_preset")
    overrides = dbt.config.get("segmentation_overrides")
    refit = dbt.config.get("refit")
    user_source = dbt.config.get("user_source")
    user_table = dbt.config.get("user_table")
    features = dbt.ref("int_user_features_joined").df()
    previous = session.sql(f"select * from {dbt.this}").df() if dbt.is_incremental else None
    return fit_or_reuse(
        features,
        preset,
        overrides,
        previous_models=previous,
        refit=refit,
        user_table=user_table if user_source == "table" else None,
    )
