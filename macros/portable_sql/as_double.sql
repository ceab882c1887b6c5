{% macro as_double(expression) %}
    {#- The expression as double where the engine would keep a decimal. DuckDB already divides
        decimals as doubles, so it is left as it is there; Spark would keep rounded decimals. -#}
    {{- return(adapter.dispatch('as_double', 'user_segmentation')(expression)) -}}
{% endmacro %}

{% macro default__as_double(expression) %}
    {{- expression -}}
{% endmacro %}

{% macro spark__as_double(expression) %}
    cast({{ expression }} as double)
{%- endmacro %}
