{% macro app_usable_event_columns() %}
    {#- The app events' columns between event_type and event_at in stg_app__events. Durations are
        exact decimals: sums over parallel threads then do not depend on the order rows arrive in,
        so a rebuild of the same input gives bit-identical features and the same run id. -#}
    {{ return(['cast(duration_s as decimal(18, 3)) as duration_s']) }}
{% endmacro %}
