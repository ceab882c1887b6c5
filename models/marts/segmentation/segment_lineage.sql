{#- One row per run and segment id: whether the segment matched the previous run's (kept its id),
    is new, or was retired, with the distance between matched centres. -#}

with

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

final as (

    select
        run_id,
        cast(segment_id as integer) as segment_id,
        metric as lineage_status,
        value as match_distance,
        computed_at
    from model_rows
    where record_type = 'lineage'

)

select * from final
