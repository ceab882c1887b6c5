{#- One row per segment and clustering feature: the segment mean min-max normalised across segments. -#}

with

feature_stats as (

    select * from {{ ref('segment_feature_stats') }}

),

model_rows as (

    select * from {{ ref('int_segmentation_model_current') }}

),

clustering_features as (

    select distinct source_column as feature_name
    from model_rows
    where record_type = 'encoding' and category is null

),

ranged as (

    select
        feature_stats.segment_id,
        feature_stats.feature_name,
        feature_stats.feature_label,
        feature_stats.mean_value,
        min(feature_stats.mean_value) over (partition by feature_stats.feature_name) as min_mean,
        max(feature_stats.mean_value) over (partition by feature_stats.feature_name) as max_mean
    from feature_stats
    inner join clustering_features on feature_stats.feature_name = clustering_features.feature_name

),

final as (

    select
        segment_id,
        feature_name,
        feature_label,
        mean_value,
        case
            when max_mean > min_mean then (mean_value - min_mean) / (max_mean - min_mean)
            else 0.5
        end as normalised_value,
        {{ run_started_at_timestamp() }} as computed_at
    from ranged

)

select * from final
