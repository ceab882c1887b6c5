from user_segmentation.naming import name_segments


def model(dbt, session):
    feature_stats = dbt.ref("segment_feature_stats").df()
    category_mix = dbt.ref("segment_category_mix").df()
    feature_labels = dbt.ref("feature_labels").df()
    return name_segments(feature_stats, category_mix, feature_labels)
