{{ config(materialized='table') }}

{#- One row per later copy of a repeated event id among rows that pass the row rules: the first
    usable copy by file and row is kept, these are quarantined as duplicate_event_id. A table, so
    the validated events join a small list. -#}

{{ later_event_id_copies(ref('stg_app__events_typed'), 'integer') }}
