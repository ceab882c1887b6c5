{{ config(enabled=var('user_source') != 'table') }}

{#- One row per raw input row the build could not use: source, file, row, rule broken, raw value. -#}

with

quarantined as (

    select * from {{ ref('int_input_rows_quarantined') }}

),

final as (

    select
        cast(source_name as varchar) as source_name,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
        cast(record_id as varchar) as record_id,
        cast(quarantine_reason as varchar) as quarantine_reason,
        cast(quarantine_column as varchar) as quarantine_column,
        cast(raw_value as varchar) as raw_value,
        '{{ invocation_id }}' as dbt_invocation_id,
        {{ run_started_at_timestamp() }} as loaded_at
    from quarantined

)

select * from final
