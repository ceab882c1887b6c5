{{ config(enabled=var('user_source') == 'events', materialized='table') }}

{#- One row: the as-of date features are computed for, the day counts of the window, and the newest
    accepted event (input_freshness reads it here instead of scanning the events again). The newest
    event comes from the Parquet files' statistics when no row was quarantined and event_at is
    stored as a timestamp (at 1B events the scan took 7 s), else from the accepted events. -#}

{{ feature_window(
    ref('stg_app__events'),
    newest_event_from_parquet_statistics(
        var('raw_data_path') ~ '/' ~ var('events_glob'),
        ref('stg_app__events_typed'),
        ref('stg_app__events_quarantined'),
    ),
) }}
