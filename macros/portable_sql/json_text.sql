{% macro json_text(json_column, field) %}
    {#- The text value of a top-level field of a JSON string column. -#}
    {{- return(adapter.dispatch('json_text', 'user_segmentation')(json_column, field)) -}}
{% endmacro %}

{% macro default__json_text(json_column, field) %}
    json_extract_string({{ json_column }}, '$.{{ field }}')
{%- endmacro %}

{% macro spark__json_text(json_column, field) %}
    get_json_object({{ json_column }}, '$.{{ field }}')
{%- endmacro %}
