{{ config(enabled=var('user_source') == 'events', materialized='table') }}

{#- One row: the as-of date features are computed for, the day counts of the window, and the newest
    accepted event (input_freshness reads it here instead of scanning the events again). -#}

{{ feature_window(ref('stg_app__events')) }}
