{% macro split_to_distinct_rows(list_expression, delimiter=',') %}
    {#- One output row per distinct trimmed element of a delimited string (use as a select-list
        expression; empty elements stay, as ''). Each row's list is deduplicated on its own, so no
        grouping of every element of every row is needed (the cost of a distinct over 10M users'
        lists). -#}
    {{- return(adapter.dispatch('split_to_distinct_rows', 'user_segmentation')(list_expression, delimiter)) -}}
{% endmacro %}

{% macro default__split_to_distinct_rows(list_expression, delimiter) %}
    unnest(list_distinct(list_transform(string_split({{ list_expression }}, '{{ delimiter }}'), lambda element: trim(element))))
{%- endmacro %}

{% macro spark__split_to_distinct_rows(list_expression, delimiter) %}
    explode(array_distinct(transform(split({{ list_expression }}, '{{ delimiter }}'), element -> trim(element))))
{%- endmacro %}
