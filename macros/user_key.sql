{% macro user_key(user_id_expression) %}
    {#- The pseudonymous user key: hex SHA-256 of the salt and the user id. The salt comes from env
        var USER_SEGMENTATION_SALT (validate_project_vars warns when the public default is used). -#}
    {{ return(adapter.dispatch('user_key')(user_id_expression)) }}
{% endmacro %}

{% macro default__user_key(user_id_expression) -%}
    sha256('{{ user_key_salt() }}' || ':' || cast({{ user_id_expression }} as varchar))
{%- endmacro %}

{% macro spark__user_key(user_id_expression) -%}
    sha2(concat('{{ user_key_salt() }}', ':', cast({{ user_id_expression }} as string)), 256)
{%- endmacro %}

{% macro user_key_salt() %}
    {{ return(env_var('USER_SEGMENTATION_SALT', default_user_key_salt()) | replace("'", "''")) }}
{% endmacro %}

{% macro default_user_key_salt() %}
    {{ return('user-segmentation-public-default-salt') }}
{% endmacro %}
