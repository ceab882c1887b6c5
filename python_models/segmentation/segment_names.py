from user_segmentation.naming import name_run


def model(dbt, session):
    feature_stats = dbt.ref("segment_feature_stats").df()
    category_mix = dbt.ref("segment_category_mix").df()
    feature_labels = dbt.ref("int_feature_labels_defined").filter("feature_kind = 'numeric'").df()
    overrides = dbt.ref("segment_name_overrides").df()
    current_model = dbt.ref("int_segmentation_model_current")
    run_id = current_model.filter("record_type = 'run'").df()["run_id"][0]
    previous = None
    if dbt.is_incremental:
        previous = session.sql(
            f"select * from {dbt.this} where run_id != '{run_id}' "
            f"and run_id = (select run_id from {dbt.this} where run_id != '{run_id}' "
            "order by named_at desc limit 1)"
        ).df()
    names = name_run(feature_stats, category_mix, feature_labels, run_id, previous, overrides)
    names["named_at"] = session.sql("select current_timestamp::timestamp").fetchall()[0][0]
    return names
