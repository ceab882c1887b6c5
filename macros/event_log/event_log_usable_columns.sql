{% macro event_log_usable_columns() %}
    {#- The configured event log's columns between event_type and event_at in stg_event_log__events:
        its text and numeric columns. -#}
    {%- set log = event_log_config() %}
    {{ return((log['text_columns'] + log['numeric_columns']) | map(attribute='name') | list) }}
{% endmacro %}
