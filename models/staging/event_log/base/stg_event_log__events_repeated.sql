{{ config(materialized='table') }}

{#- One row per later copy of a repeated event id among rows that pass the row rules: the first
    usable copy by file and row is kept, these are quarantined as duplicate_event_id. Empty when the
    log names no event id column (event_log.event_id). A table, so the quarantine joins a small
    list. -#}

{{ later_event_id_copies(ref('stg_event_log__events_typed'), event_log_event_id_type()) }}
