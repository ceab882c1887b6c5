{% macro validate_project_vars() %}
    {#- Fails fast, before any model runs, on vars that would otherwise fail deep inside a model. -#}
    {%- set known_sources = ['events', 'profiles_csv', 'table'] -%}
    {%- if var('user_source') not in known_sources -%}
        {{ exceptions.raise_compiler_error(
            "Unknown user_source '" ~ var('user_source') ~ "'. Set --vars '{\"user_source\": ...}' to one of: "
            ~ known_sources | join(', ') ~ "."
        ) }}
    {%- endif -%}
    {%- if var('user_source') == 'table' -%}
        {{ validate_user_table() }}
    {%- endif -%}
    {%- if var('feature_window_days') | int < 1 -%}
        {{ exceptions.raise_compiler_error(
            "feature_window_days must be a positive number of days, got " ~ var('feature_window_days') ~ "."
        ) }}
    {%- endif -%}
    {%- if execute and env_var('USER_SEGMENTATION_SALT', default_user_key_salt()) == default_user_key_salt() -%}
        {%- do exceptions.warn(
            "USER_SEGMENTATION_SALT is not set: user_key in the user-level marts is salted with the "
            ~ "public default, so anyone with a user id can recompute it. Set the env var to a long "
            ~ "random secret (and keep it: changing it changes every user_key)."
        ) -%}
    {%- endif -%}
{% endmacro %}
