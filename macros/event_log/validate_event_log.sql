{% macro validate_event_log() %}
    {#- Stops the build with a message naming the missing setting when user_source is event_log. -#}
    {%- set config = event_log_config() -%}
    {%- if not (config['path'] or config['relation'] or config['source']) -%}
        {{ exceptions.raise_compiler_error(
            "user_source is 'event_log' but var event_log names no input: set event_log.path (CSV or "
            ~ "Parquet files, a glob works), event_log.relation (a model of your project) or "
            ~ "event_log.source ([source, table]); see `user-segmentation scaffold` and docs/event-logs.md.") }}
    {%- endif -%}
    {%- for key in ['user_id', 'timestamp'] -%}
        {%- if not config[key] -%}
            {{ exceptions.raise_compiler_error(
                "event_log." ~ key ~ " is not set: name the column that holds the "
                ~ ('user id' if key == 'user_id' else 'event timestamp') ~ ".") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if config['user_id_type'] not in ['integer', 'text'] -%}
        {{ exceptions.raise_compiler_error(
            "event_log.user_id_type must be integer or text, got '" ~ config['user_id_type'] ~ "'.") }}
    {%- endif -%}
    {%- if not config['numeric_features'] | selectattr('cluster') | list -%}
        {{ exceptions.raise_compiler_error(
            "event_log declares no feature to cluster on: list at least one in event_log.features "
            ~ "(without cluster: false).") }}
    {%- endif -%}
{% endmacro %}
