{% macro user_key_salt() %}
    {{ return(env_var('USER_SEGMENTATION_SALT', default_user_key_salt()) | replace("'", "''")) }}
{% endmacro %}

{% macro default_user_key_salt() %}
    {{ return('user-segmentation-public-default-salt') }}
{% endmacro %}
