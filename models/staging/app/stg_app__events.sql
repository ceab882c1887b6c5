{#- The usable events: every typed raw row that is not in the quarantine (stg_app__events_quarantined,
    where stg_app__events_validated's rules put the rows that break one). Durations are exact
    decimals: sums over parallel threads then do not depend on the order rows arrive in, so a
    rebuild of the same input gives bit-identical features and the same run id. -#}

{{ usable_events(
    ref('stg_app__events_typed'),
    ref('stg_app__events_quarantined'),
    ['cast(duration_s as decimal(18, 3)) as duration_s'],
) }}
