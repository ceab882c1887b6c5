{% macro categorical_attribute_names() %}
    {#- The per-user categorical attributes profiled per segment (configured ones for user_source
        table or event_log). -#}
    {%- if user_features_are_configured() -%}
        {{- return(configured_user_features()['categorical_features'] | map(attribute='name') | list) -}}
    {%- endif -%}
    {{- return(['age_band', 'gender', 'income_band', 'location', 'language', 'education', 'device']) -}}
{% endmacro %}
