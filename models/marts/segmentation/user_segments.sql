{#- One row per user: segment id and name, distance to the centre, membership probability, and
    whether the user is an outlier (farther from the centre than the segment's
    outlier_percentile of distances) or noise (density-based models only). -#}

with

scores as (

    select * from {{ ref('int_user_segments_scored') }}

),

names as (

    select * from {{ ref('int_segment_names_current') }}

),

runs as (

    select * from {{ ref('segmentation_runs') }}

),

as_of as (

    {% if var('user_source') == 'events' %}
        select as_of_date from {{ ref('int_activity_window_defined') }}
    {% elif var('user_source') == 'event_log' %}
        select as_of_date from {{ ref('int_event_log_window_defined') }}
    {% elif user_table_has_dated_features() %}
        {#- A user table's days_since features are measured at a day (var or newest date). -#}
        select as_of_date from {{ ref('int_as_of_date_defined') }}
    {% else %}
        {#- A flat profiles file carries no dates: the as-of date is the var, if set. -#}
        select cast({{ "'" ~ var('as_of_date') ~ "'" if var('as_of_date') else 'null' }} as date) as as_of_date
    {% endif %}

),

outlier_thresholds as (

    select
        segment_id,
        percentile_cont({{ var('outlier_percentile') }}) within group (order by distance_to_centre)
            as outlier_distance
    from scores
    group by 1

),

final as (

    select
        scores.user_key,
        scores.segment_id,
        names.segment_name,
        scores.run_id,
        scores.distance_to_centre,
        scores.membership_probability,
        scores.distance_to_centre > outlier_thresholds.outlier_distance as is_outlier,
        scores.segment_id = 0 as is_noise,
        as_of.as_of_date,
        runs.computed_at
    from scores
    inner join names on scores.segment_id = names.segment_id
    inner join runs on scores.run_id = runs.run_id
    inner join outlier_thresholds on scores.segment_id = outlier_thresholds.segment_id
    cross join as_of

)

select * from final
