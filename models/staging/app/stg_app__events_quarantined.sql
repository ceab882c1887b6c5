{{ config(enabled=var('user_source') == 'events', materialized='table') }}

{#- One row per raw event row that broke a rule: where it came from, the rule and the raw value. -#}

with

validated as (

    select * from {{ ref('stg_app__events_validated') }}

),

final as (

    select
        'app.events' as source_name,
        source_file,
        source_row_number,
        cast(raw_event_id as {{ dbt.type_string() }}) as record_id,
        quarantine_reason,
        quarantine_column,
        case quarantine_column
            when 'event_id' then cast(raw_event_id as {{ dbt.type_string() }})
            when 'user_id' then cast(raw_user_id as {{ dbt.type_string() }})
            when 'event_at' then cast(raw_event_at as {{ dbt.type_string() }})
            when 'event_type' then cast(raw_event_type as {{ dbt.type_string() }})
            when 'duration_s' then cast(raw_duration_s as {{ dbt.type_string() }})
        end as raw_value
    from validated
    where quarantine_reason is not null

)

select * from final
