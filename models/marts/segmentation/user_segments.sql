{#- One row per user: segment id and name, distance to the centre, and the run that assigned it. -#}

with

assignments as (

    select * from {{ ref('user_segment_scores') }}

),

names as (

    select * from {{ ref('segment_names') }}

),

runs as (

    select * from {{ ref('segmentation_runs') }}

),

final as (

    select
        assignments.user_id,
        cast(assignments.segment_id as integer) as segment_id,
        names.segment_name,
        assignments.run_id,
        assignments.distance_to_centre,
        runs.computed_at
    from assignments
    inner join names on assignments.segment_id = names.segment_id
    inner join runs on assignments.run_id = runs.run_id

)

select * from final
