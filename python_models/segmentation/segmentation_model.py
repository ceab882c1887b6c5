from user_segmentation.pipeline import fit_model


def model(dbt, session):
    preset = dbt.config.get("segmentation_preset")
    overrides = dbt.config.get("segmentation_overrides")
    features = dbt.ref("int_user_features_joined").df()
    return fit_model(features, preset, overrides)
