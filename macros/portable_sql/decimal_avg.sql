{% macro decimal_avg(expression, scale) %}
    {#- avg() of a decimal(p, scale) expression, as double. -#}
    {{- return(adapter.dispatch('decimal_avg', 'user_segmentation')(expression, scale)) -}}
{% endmacro %}

{% macro default__decimal_avg(expression, scale) %}
    avg({{ expression }})
{%- endmacro %}

{% macro spark__decimal_avg(expression, scale) %}
    {#- DuckDB's avg of a decimal is double(unscaled sum) / (count * 10^scale) (checked against the
        DuckDB build for every user); Spark's avg is a rounded decimal, so build DuckDB's double
        from the exact unscaled sum: the same bits on both engines. -#}
    cast(cast(sum({{ expression }}) * {{ 10 ** scale }} as bigint) as double)
    / (count({{ expression }}) * {{ 10 ** scale }}e0)
{%- endmacro %}
