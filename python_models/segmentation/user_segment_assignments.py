from user_segmentation.engine import frame, to_pandas
from user_segmentation.segmentation import assign_users, parse_optional_count, scoring_input_columns


def model(dbt, session):
    relation = dbt.ref("int_user_features_joined")
    artifact = frame(dbt.ref("segmentation_model"))
    columns = scoring_input_columns(artifact, relation.columns)
    features = to_pandas(relation, columns)
    check_users = parse_optional_count(dbt.config.get("scoring_check_users"), "scoring_check_users")
    return assign_users(features, artifact, check_users=check_users)
