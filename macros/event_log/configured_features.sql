{% macro user_features_are_configured() %}
    {#- True when the feature set comes from a config (user_source table or event_log), not from the
        fixed feature set of the events and profiles_csv shapes. -#}
    {{ return(var('user_source') in ['table', 'event_log']) }}
{% endmacro %}

{% macro configured_user_features() %}
    {#- The normalised config of the configured input shape: numeric_features (name, label, unit,
        phrases, transform, winsorize, missing, cluster) and categorical_features. -#}
    {%- if var('user_source') == 'event_log' -%}
        {{ return(event_log_config()) }}
    {%- endif -%}
    {{ return(user_table_config()) }}
{% endmacro %}
