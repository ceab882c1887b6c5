{% macro validate_event_log() %}
    {#- Stops the build with a message naming the missing setting when user_source is event_log. -#}
    {%- set config = event_log_config() -%}
    {%- if not (config['path'] or config['relation'] or config['source']) -%}
        {{ exceptions.raise_compiler_error(
            "user_source is 'event_log' but var event_log names no input: set event_log.path (CSV or "
            ~ "Parquet files, a glob works), event_log.relation (a model of your project) or "
            ~ "event_log.source ([source, table]); see `user-segmentation scaffold` and docs/event-logs.md.") }}
    {%- endif -%}
    {%- if not config['user_id'] -%}
        {{ exceptions.raise_compiler_error(
            "event_log.user_id is not set: name the column that holds the user id.") }}
    {%- endif -%}
    {%- if config['undated'] and config['timestamp'] -%}
        {{ exceptions.raise_compiler_error(
            "event_log sets both undated: true and timestamp '" ~ config['timestamp'] ~ "': an undated "
            ~ "log has no time column; remove one of them.") }}
    {%- elif not config['undated'] and not config['timestamp'] -%}
        {{ exceptions.raise_compiler_error(
            "event_log.timestamp is not set: name the column that holds the event timestamp, or set "
            ~ "undated: true for a log without times (every row then counts, with no window).") }}
    {%- endif -%}
    {%- if config['undated'] -%}
        {%- for feature in config['numeric_features'] if feature['aggregate'] in undated_log_aggregates_refused() -%}
            {{ exceptions.raise_compiler_error(
                "event_log feature '" ~ feature['name'] ~ "' is " ~ feature['aggregate'] ~ ", which needs "
                ~ "the events' times, and the log is undated: remove it, or name the log's timestamp.") }}
        {%- endfor -%}
    {%- endif -%}
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

{% macro undated_log_aggregates_refused() %}
    {#- The aggregates that need the events' times, refused in an undated log. -#}
    {{ return(['active_days', 'recency', 'tenure']) }}
{% endmacro %}
