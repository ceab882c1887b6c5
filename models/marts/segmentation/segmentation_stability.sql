{#- One row per run and stability refit: adjusted Rand index between a refit on an 80% subsample
    and the chosen model on the same users (1 = identical segments). -#}

with

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

final as (

    select
        run_id,
        cast(k as integer) as refit_number,
        value as adjusted_rand_index,
        computed_at
    from model_rows
    where record_type = 'stability'

)

select * from final
