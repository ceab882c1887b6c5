{% macro categorical_attribute_names() %}
    {#- The per-user categorical attributes profiled per segment (configured ones for user_source table). -#}
    {%- if var('user_source') == 'table' -%}
        {{- return(user_table_config()['categorical_features'] | map(attribute='name') | list) -}}
    {%- endif -%}
    {{- return(['age_band', 'gender', 'income_band', 'location', 'language', 'education', 'device']) -}}
{% endmacro %}
