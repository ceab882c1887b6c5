{#- Names of the current run's segments. -#}

with

names as (

    select * from {{ ref('segment_names') }}

),

current_model as (

    select distinct run_id from {{ ref('int_segmentation_model_current') }}

),

final as (

    select names.*
    from names
    inner join current_model on names.run_id = current_model.run_id

)

select * from final
