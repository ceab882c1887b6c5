{% macro known_event_types() %}
    {#- The event types the features use; any other type is quarantined as unknown_event_type. -#}
    {{ return(['session', 'like', 'reaction', 'ad_impression', 'ad_click', 'conversion', 'follow']) }}
{% endmacro %}
