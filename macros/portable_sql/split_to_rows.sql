{% macro split_to_rows(list_expression, delimiter=',') %}
    {#- One output row per element of a delimited string (use as a select-list expression). -#}
    {{- return(adapter.dispatch('split_to_rows', 'user_segmentation')(list_expression, delimiter)) -}}
{% endmacro %}

{% macro default__split_to_rows(list_expression, delimiter) %}
    unnest(string_split({{ list_expression }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__split_to_rows(list_expression, delimiter) %}
    explode(split({{ list_expression }}, '{{ delimiter }}'))
{%- endmacro %}
