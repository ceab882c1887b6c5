{#- The rows of the current stored model: the newest run of segmentation_model. -#}

with

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

current_run as (

    {{ current_run_id(ref('segmentation_model')) }}

),

final as (

    select model_rows.*
    from model_rows
    inner join current_run on model_rows.run_id = current_run.run_id

)

select * from final
