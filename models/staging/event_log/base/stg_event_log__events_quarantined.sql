{{ config(materialized='table') }}
{%- set log = event_log_config() %}

{#- One row per raw event-log row that broke a rule: where it came from, the rule, the column and
    its raw value as text. The rules run here once per build; readers of the accepted events
    (stg_event_log__events) only exclude these rows by file and row. -#}

with

typed as (

    select * from {{ ref('stg_event_log__events_typed') }}

),

later_copies as (

    select * from {{ ref('stg_event_log__events_repeated') }}

),

reasons_assigned as (

    select
        typed.*,
        coalesce(
            typed.row_rule_broken,
            case when later_copies.copy_number is not null then 'duplicate_event_id' end
        ) as quarantine_reason,
        coalesce(
            typed.row_rule_column,
            case when later_copies.copy_number is not null then 'event_id' end
        ) as quarantine_column
    from typed
    left join later_copies
        on
            typed.source_row_number = later_copies.source_row_number
            and typed.source_file = later_copies.source_file
    where typed.row_rule_broken is not null or later_copies.copy_number is not null

),

final as (

    select
        'event_log.events' as source_name,
        source_file,
        source_row_number,
        -- Each side cast first: the event id and user id columns may differ in type.
        coalesce(
            cast(raw_event_id as {{ dbt.type_string() }}),
            cast(raw_user_id as {{ dbt.type_string() }})
        ) as record_id,
        quarantine_reason,
        quarantine_column,
        case quarantine_column
            when 'user_id' then cast(raw_user_id as {{ dbt.type_string() }})
            when 'event_at' then cast(raw_event_at as {{ dbt.type_string() }})
            when 'event_id' then cast(raw_event_id as {{ dbt.type_string() }})
            {% for column in log['numeric_columns'] -%}
                when '{{ column["name"] }}' then cast(raw_{{ column['name'] }} as {{ dbt.type_string() }})
            {% endfor -%}
        end as raw_value
    from reasons_assigned

)

select * from final
