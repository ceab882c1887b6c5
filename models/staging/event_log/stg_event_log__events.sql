{%- set log = event_log_config() %}

{#- One row per usable event of the configured event log: every typed raw row that is not in the
    quarantine (stg_event_log__events_quarantined), with the columns features read: user_id,
    event_at, event_type, event_id and the configured numeric and text columns. -#}

with

typed as (

    select * from {{ ref('stg_event_log__events_typed') }}

),

quarantined as (

    select * from {{ ref('stg_event_log__events_quarantined') }}

),

accepted as (

    select typed.*
    from typed
    where not exists (
        select 1
        from quarantined
        where
            quarantined.source_row_number = typed.source_row_number
            and quarantined.source_file = typed.source_file
    )

),

final as (

    select
        event_id,
        user_id,
        event_type,
        {% for column in log['text_columns'] -%}
            {{ column['name'] }},
        {% endfor -%}
        {% for column in log['numeric_columns'] -%}
            {{ column['name'] }},
        {% endfor -%}
        event_at
    from accepted

)

select * from final
