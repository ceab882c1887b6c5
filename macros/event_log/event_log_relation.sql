{% macro event_log_relation() %}
    {#- The relation the event-log input reads: a model, a source, or the file source event_log.events. -#}
    {{ return(configured_input_relation(event_log_config(), 'event_log', 'events')) }}
{% endmacro %}
