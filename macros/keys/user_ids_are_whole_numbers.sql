{% macro user_ids_are_whole_numbers() %}
    {#- Whether user_id is a bigint on every build, as far as the project's vars tell when dbt
        parses it: the app events and the flat CSV always; a user table with `id_type: integer` or
        `row_ids`; an event log with `user_id_type: integer` (its default). A user table's `auto`
        ids are typed from the data at run time, so they do not count. -#}
    {%- set source = var('user_source') -%}
    {%- if source in ('events', 'profiles_csv') -%}
        {{- return(true) -}}
    {%- elif source == 'table' -%}
        {%- set config = user_table_config() -%}
        {{- return(config['row_ids'] or config['id_type'] == 'integer') -}}
    {%- elif source == 'event_log' -%}
        {{- return(event_log_config()['user_id_type'] == 'integer') -}}
    {%- endif -%}
    {{- return(false) -}}
{% endmacro %}
