from user_segmentation.engine import current_timestamp, frame, sql
from user_segmentation.segmentation import name_run, with_model_scale


def model(dbt, session):
    current_model = dbt.ref("int_segmentation_model_current")
    model_rows = frame(current_model.filter("record_type in ('encoding', 'centre')"))
    feature_stats = with_model_scale(frame(dbt.ref("segment_feature_stats")), model_rows)
    category_mix = frame(dbt.ref("segment_category_mix"))
    feature_labels = frame(dbt.ref("int_feature_labels_defined").filter("feature_kind = 'numeric'"))
    overrides = frame(dbt.ref("segment_name_overrides"))
    run_id = frame(current_model.filter("record_type = 'run'"))["run_id"][0]
    previous = None
    if dbt.is_incremental:
        previous = frame(
            sql(
                session,
                f"select * from {dbt.this} where run_id != '{run_id}' "
                f"and run_id = (select run_id from {dbt.this} where run_id != '{run_id}' "
                "order by named_at desc limit 1)",
            )
        )
    names = name_run(feature_stats, category_mix, feature_labels, run_id, previous, overrides)
    names["named_at"] = current_timestamp(session)
    return names
