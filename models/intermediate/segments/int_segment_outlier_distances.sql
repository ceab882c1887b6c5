{{ config(materialized='table') }}

{#- One row per segment of this run: the distance to the centre beyond which a member is an
    outlier (the var outlier_percentile of the segment's distances). Its own small table, so the
    sort of every user's distance runs beside the segment statistics instead of inside the copy of
    10M users into user_segments. -#}

with

scores as (

    select * from {{ ref('int_user_segments_scored') }}

),

final as (

    select
        segment_id,
        percentile_cont({{ var('outlier_percentile') }}) within group (order by distance_to_centre)
            as outlier_distance
    from scores
    group by 1

)

select * from final
