{{ config(materialized='table') }}

{#- One row per later copy of a repeated event id among rows that pass the row rules: the first
    usable copy by file and row is kept, these are quarantined as duplicate_event_id. Finding the
    repeated ids groups one column (event_id) of every row; only those ids' rows are then numbered,
    so no query sorts or windows all events. A table, so the validated events join a small list.
    When a bitmap count proves every id distinct (macro ids_may_repeat), even that grouping
    is skipped. -#}

{%- set may_repeat = ids_may_repeat(ref('stg_app__events_typed'), 'event_id', 'row_rule_broken is null') %}

with

typed as (

    select * from {{ ref('stg_app__events_typed') }}

),

repeated_ids as (

    select event_id
    from typed
    where event_id is not null {% if not may_repeat %}and false{% endif %}
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
