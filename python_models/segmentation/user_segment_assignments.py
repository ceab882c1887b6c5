from user_segmentation.pipeline import assign_users, scoring_input_columns


def model(dbt, session):
    relation = dbt.ref("int_user_features_joined")
    artifact = dbt.ref("segmentation_model").df()
    columns = scoring_input_columns(artifact, relation.columns)
    features = relation.project(", ".join(f'"{c}"' for c in columns)).to_arrow_table().to_pandas()
    return assign_users(features, artifact)
