{{ config(materialized='table') }}

{#- One row: the as-of date the event-log features are computed for (var as_of_date, else the date
    of the newest accepted event, never the wall clock), the window's first day, and its day counts
    (all days, weekdays, weekend days) that per-day features divide by. -#}

{{ feature_window(ref('stg_event_log__events')) }}
