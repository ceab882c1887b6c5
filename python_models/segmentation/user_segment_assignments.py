from user_segmentation.pipeline import assign_users


def model(dbt, session):
    features = dbt.ref("int_user_features_joined").df()
    artifact = dbt.ref("segmentation_model").df()
    return assign_users(features, artifact)
