{% macro try_cast(expression, data_type) %}
    {#- expression cast to data_type, null when it does not convert (dbt.safe_cast is a plain cast
        on DuckDB, which fails the whole query on the first bad value). DuckDB and Spark both
        spell it try_cast. -#}
    {{- return(adapter.dispatch('try_cast', 'user_segmentation')(expression, data_type)) -}}
{% endmacro %}

{% macro default__try_cast(expression, data_type) %}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
