from user_segmentation.engine import frame, sample_to_pandas, to_pandas
from user_segmentation.segmentation import (
    CHECK_SAMPLE_SEED,
    assign_users,
    one_compute_thread,
    parse_optional_count,
    scoring_input_columns,
)


def model(dbt, session):
    relation = dbt.ref("int_user_features_joined")
    artifact = frame(dbt.ref("segmentation_model"))
    columns = scoring_input_columns(artifact, relation.columns)
    check_users = parse_optional_count(dbt.config.get("scoring_check_users"), "scoring_check_users")
    # Above check_users users, only the checked sample is handed over (10M users: 4.4 s to 1 s).
    if check_users is None:
        features = to_pandas(relation, columns)
    else:
        features = sample_to_pandas(relation, columns, check_users, CHECK_SAMPLE_SEED)
    with one_compute_thread():
        assigned = assign_users(features, artifact, check_users=check_users)
    return assigned
