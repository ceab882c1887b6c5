{#- The usable events: every typed raw row that is not in the quarantine (stg_app__events_quarantined,
    where stg_app__events_validated's rules put the rows that break one), durations as exact
    decimals (macro app_usable_event_columns). -#}

{{ usable_events(
    ref('stg_app__events_typed'),
    ref('stg_app__events_quarantined'),
    app_usable_event_columns(),
) }}
