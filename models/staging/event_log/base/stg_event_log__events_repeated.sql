{{ config(materialized='table') }}
{%- set log = event_log_config() %}

{#- One row per later copy of a repeated event id among rows that pass the row rules: the first
    usable copy by file and row is kept, these are quarantined as duplicate_event_id. Only the
    repeated ids' rows are numbered, so no query sorts all events. Empty when the log names no
    event id column (event_log.event_id). A table, so the validated events join a small list. -#}

with

typed as (

    select * from {{ ref('stg_event_log__events_typed') }}

),

repeated_ids as (

    select event_id
    from typed
    where
        event_id is not null
        and row_rule_broken is null
        -- Without an event id column nothing repeats.
        and {{ 'true' if log['event_id'] else 'false' }}
    group by event_id
    having count(*) > 1

),

copies_numbered as (

    select
        typed.source_file,
        typed.source_row_number,
        typed.event_id,
        row_number() over (
            partition by typed.event_id
            order by typed.source_file, typed.source_row_number
        ) as copy_number
    from typed
    inner join repeated_ids on typed.event_id = repeated_ids.event_id
    where typed.row_rule_broken is null

),

final as (

    select
        source_file,
        source_row_number,
        event_id,
        copy_number
    from copies_numbered
    where copy_number > 1

)

select * from final
