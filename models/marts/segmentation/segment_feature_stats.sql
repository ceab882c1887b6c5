{#- One row per segment and numeric feature: mean, median, spread, and how far from the population
    (int_segment_feature_moments, which the segment names read, with the medians of
    int_segment_feature_medians beside them). -#}

with

moments as (

    select * from {{ ref('int_segment_feature_moments') }}

),

medians as (

    select * from {{ ref('int_segment_feature_medians') }}

),

final as (

    select
        moments.segment_id,
        moments.feature_name,
        moments.feature_label,
        moments.user_count,
        moments.mean_value,
        medians.median_value,
        moments.stddev_value,
        moments.population_mean,
        moments.population_stddev,
        moments.lift,
        moments.z_score,
        moments.computed_at
    from moments
    left join medians
        on
            moments.segment_id = medians.segment_id
            and moments.feature_name = medians.feature_name

)

select * from final
