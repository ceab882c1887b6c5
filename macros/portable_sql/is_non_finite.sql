{% macro is_non_finite(expression) %}
    {#- True for NaN, +inf and -inf. -#}
    {{- return(adapter.dispatch('is_non_finite', 'user_segmentation')(expression)) -}}
{% endmacro %}

{% macro default__is_non_finite(expression) %}
    {#- Through a one-element list: DuckDB 2.0.1 folds isnan(column) (and isnan(abs(column)))
        to false inside a CASE or a WHERE when the Parquet file's min/max statistics leave NaN
        out, as pyarrow writes them: 40,078 NaN revenues of a GA4-style export passed staging
        and the fit failed on them. [x][1] hides the statistics; it costs ~0.2 s per 100M values
        (1.33 s against 1.12 s). -#}
    (isnan([{{ expression }}][1]) or isinf([{{ expression }}][1]))
{%- endmacro %}

{% macro spark__is_non_finite(expression) %}
    (isnan({{ expression }}) or {{ expression }} in (double('Infinity'), double('-Infinity')))
{%- endmacro %}
