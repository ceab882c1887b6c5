{% macro split_to_distinct_rows(list_expression, delimiter=',') %}
    {#- One output row per distinct element of a delimited string, spaces around each element
        trimmed (use as a select-list expression; empty elements stay, as ''). delimiter is one
        character that is not special in a regular expression. Each row's list is deduplicated on
        its own, and the spaces are removed once per string, not once per element: at 10M users
        (25M interests) 2.7 s instead of 11.3 s for a trim of every element and a distinct over
        all of them. -#}
    {{- return(adapter.dispatch('split_to_distinct_rows', 'user_segmentation')(list_expression, delimiter)) -}}
{% endmacro %}

{% macro default__split_to_distinct_rows(list_expression, delimiter) %}
    unnest(list_distinct(string_split(
        regexp_replace(trim({{ list_expression }}), ' *{{ delimiter }} *', '{{ delimiter }}', 'g'), '{{ delimiter }}'
    )))
{%- endmacro %}

{% macro spark__split_to_distinct_rows(list_expression, delimiter) %}
    explode(array_distinct(split(trim({{ list_expression }}), ' *{{ delimiter }} *')))
{%- endmacro %}
