{% macro is_non_finite(expression) %}
    {#- True for NaN, +inf and -inf. -#}
    {{- return(adapter.dispatch('is_non_finite', 'user_segmentation')(expression)) -}}
{% endmacro %}

{% macro default__is_non_finite(expression) %}
    (isnan({{ expression }}) or isinf({{ expression }}))
{%- endmacro %}

{% macro spark__is_non_finite(expression) %}
    (isnan({{ expression }}) or {{ expression }} in (double('Infinity'), double('-Infinity')))
{%- endmacro %}
