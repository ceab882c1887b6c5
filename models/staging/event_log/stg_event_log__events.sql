{#- One row per usable event of the configured event log: every typed raw row that is not in the
    quarantine (stg_event_log__events_quarantined), with the columns features read: user_id,
    event_at, event_type, event_id and the configured text and numeric columns. -#}

{{ usable_events(
    ref('stg_event_log__events_typed'),
    ref('stg_event_log__events_quarantined'),
    event_log_usable_columns(),
) }}
