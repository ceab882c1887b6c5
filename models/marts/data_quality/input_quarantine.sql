{#- One row per raw input row the build could not use: source, file, row, rule broken, raw value. -#}

with

quarantined as (

    select * from {{ ref('int_input_rows_quarantined') }}

),

final as (

    select
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(source_file as {{ dbt.type_string() }}) as source_file,
        cast(source_row_number as bigint) as source_row_number,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        cast(quarantine_reason as {{ dbt.type_string() }}) as quarantine_reason,
        cast(quarantine_column as {{ dbt.type_string() }}) as quarantine_column,
        cast(raw_value as {{ dbt.type_string() }}) as raw_value,
        '{{ invocation_id }}' as dbt_invocation_id,
        {{ run_started_at_timestamp() }} as loaded_at
    from quarantined

)

select * from final
