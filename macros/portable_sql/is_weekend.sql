{% macro is_weekend(date_expression) %}
    {{- return(adapter.dispatch('is_weekend', 'user_segmentation')(date_expression)) -}}
{% endmacro %}

{% macro default__is_weekend(date_expression) %}
    (extract(isodow from {{ date_expression }}) in (6, 7))
{%- endmacro %}

{% macro spark__is_weekend(date_expression) %}
    (dayofweek({{ date_expression }}) in (1, 7))
{%- endmacro %}
