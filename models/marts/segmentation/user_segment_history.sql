{{ config(
    materialized='incremental', incremental_strategy=replace_run_strategy(), unique_key=['run_id', 'user_key'],
    on_schema_change='append_new_columns', partition_by=replace_run_partition(),
) }}

{#- One row per run and user: each user's segment in every run (a rerun replaces its own rows). -#}

with

user_segments as (

    select * from {{ ref('user_segments') }}

),

final as (

    select
        user_key,
        run_id,
        segment_id,
        segment_name,
        computed_at
    from user_segments

)

select * from final
