{% macro user_key(user_id_expression) %}
    {#- The pseudonymous user key: hex SHA-256 of the salt, ':' and the user id (the same formula as
        user_segmentation.pseudonyms.user_key). The salt comes from env var USER_SEGMENTATION_SALT
        (validate_project_vars warns when the public default is used). -#}
    {{ return(adapter.dispatch('user_key', 'user_segmentation')(user_id_expression)) }}
{% endmacro %}

{% macro duckdb__user_key(user_id_expression) -%}
    {#- The salt is a DuckDB variable set on every connection by the profile's plugin
        user_segmentation.duckdb_plugin, so it never appears in compiled SQL, target/ or logs. -#}
    sha256(
        coalesce(getvariable('user_key_salt'), error('{{ missing_salt_plugin_message() }}'))
        || ':' || cast({{ user_id_expression }} as varchar)
    )
{%- endmacro %}

{% macro default__user_key(user_id_expression) -%}
    sha2(concat('{{ user_key_salt() }}', ':', cast({{ user_id_expression }} as string)), 256)
{%- endmacro %}

{% macro missing_salt_plugin_message() %}
    {{ return(
        "The DuckDB variable user_key_salt is not set: add the plugin to the dbt profile "
        ~ "(plugins: [{module: user_segmentation.duckdb_plugin}]), see profiles.yml."
    ) }}
{% endmacro %}
