{% macro event_log_event_id_type() %}
    {#- integer when the configured event id column (event_log.event_id) has an integer type that
        bigint holds, text for any other type (CSV files are read as text), none without an event id
        column. Decided by the column's type, not its values: as text, '001' and '1' are two ids.
        Text while parsing, in lint and in unit tests, where the input is not read. -#}
    {%- set config = event_log_config() -%}
    {%- if not config['event_id'] -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not compiling_a_model_run() -%}
        {{ return('text') }}
    {%- endif -%}
    {{ return('integer' if column_type_of(event_log_relation(), config['event_id']) in integer_type_names() else 'text') }}
{% endmacro %}
