{#- One row per segment and clustering feature: the segment mean as a population z-score on a fixed
    scale, for radar charts. normalised_value maps the z-score clipped to +-2 onto 0..1 (0.5 = the
    average of all users), so the picture is the same for any k and a small difference stays small;
    min-max across segments drew 49 vs 49 days as the full axis when k = 2. -#}

{%- set radar_z_limit = 2 %}

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

clustered_stats as (

    select
        feature_stats.segment_id,
        feature_stats.feature_name,
        feature_stats.feature_label,
        feature_stats.mean_value,
        feature_stats.z_score
    from feature_stats
    inner join clustering_features on feature_stats.feature_name = clustering_features.feature_name

),

final as (

    select
        segment_id,
        feature_name,
        feature_label,
        mean_value,
        z_score,
        case
            when z_score is null then 0.5
            else
                (least(greatest(z_score, -{{ radar_z_limit }}), {{ radar_z_limit }}) + {{ radar_z_limit }})
                / (2.0 * {{ radar_z_limit }})
        end as normalised_value,
        {{ run_started_at_timestamp() }} as computed_at
    from clustered_stats

)

select * from final
