{#- One row per user: segment id and name, distance to the centre, membership probability, and
    whether the user is an outlier (farther from the centre than the segment's
    outlier_percentile of distances) or noise (density-based models only). A view that both
    user_segments and user_segment_history read, so the history is written beside the copy of
    every user into user_segments rather than after it and its tests. -#}

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

    {#- The date the data describes; none for a file without dates built without the var
        as_of_date (the build date is not the data's). -#}
    select case when as_of_source = 'build date' then null else as_of_date end as as_of_date
    from {{ ref('int_as_of_date_defined') }}

),

outlier_distances as (

    select * from {{ ref('int_segment_outlier_distances') }}

),

final as (

    select
        scores.user_key,
        scores.segment_id,
        names.segment_name,
        scores.run_id,
        scores.distance_to_centre,
        scores.membership_probability,
        scores.distance_to_centre > outlier_distances.outlier_distance as is_outlier,
        scores.segment_id = 0 as is_noise,
        as_of.as_of_date,
        runs.computed_at
    from scores
    inner join names on scores.segment_id = names.segment_id
    inner join runs on scores.run_id = runs.run_id
    inner join outlier_distances on scores.segment_id = outlier_distances.segment_id
    cross join as_of

)

select * from final
