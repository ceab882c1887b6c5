{% macro validate_user_table() %}
    {#- Stops the build with a message naming the missing setting when user_source is table. -#}
    {%- set config = user_table_config() -%}
    {%- set example = "--vars \"$(cat my_table.yml)\" (see `user-segmentation scaffold`)" -%}
    {%- if not (config['path'] or config['relation'] or config['source']) -%}
        {{ exceptions.raise_compiler_error(
            "user_source is 'table' but var user_table names no input: set user_table.path (a CSV or Parquet "
            ~ "file), user_table.relation (a model of your project) or user_table.source ([source, table]); "
            ~ example ~ ".") }}
    {%- endif -%}
    {%- if not config['id_column'] and not config['row_ids'] -%}
        {{ exceptions.raise_compiler_error(
            "user_table.id_column is not set: name the column that identifies a user, or set "
            ~ "user_table.row_ids: true when each row is one user and no column identifies them "
            ~ "(the row's position in the input becomes its id).") }}
    {%- endif -%}
    {%- if config['id_column'] and config['row_ids'] -%}
        {{ exceptions.raise_compiler_error(
            "user_table sets both id_column ('" ~ config['id_column'] ~ "') and row_ids: true: keep "
            ~ "one (row_ids numbers the rows when no column identifies the users).") }}
    {%- endif -%}
    {%- if config['id_type'] not in ['auto', 'integer', 'text'] -%}
        {{ exceptions.raise_compiler_error(
            "user_table.id_type is '" ~ config['id_type'] ~ "': use integer, text or auto (integer when "
            ~ "every id is a whole number).") }}
    {%- endif -%}
    {%- set clustered = (config['numeric_features'] | selectattr('cluster') | list)
        + (config['categorical_features'] | selectattr('cluster') | list) -%}
    {%- if not clustered -%}
        {{ exceptions.raise_compiler_error(
            "user_table names no feature to cluster on: list at least one in "
            ~ "user_table.numeric_features (without cluster: false), or set cluster: true on a "
            ~ "categorical feature.") }}
    {%- endif -%}
{% endmacro %}
