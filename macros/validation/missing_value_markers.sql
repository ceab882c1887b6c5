{% macro missing_value_markers() %}
    {#- The texts that mean "no value" in an input (var missing_value_markers, plus the empty text),
        as a parenthesised SQL list. R, pandas and spreadsheet exports write NA, N/A, NULL or NaN
        for a missing value: read as values, they would quarantine every row with a gap instead of
        leaving the gap to the feature's `missing` rule. -#}
    {%- set quoted = [] -%}
    {%- for marker in [''] + (var('missing_value_markers', []) or []) | list -%}
        {%- do quoted.append(sql_text(marker)) -%}
    {%- endfor -%}
    {{- return('(' ~ quoted | join(', ') ~ ')') -}}
{% endmacro %}

{% macro text_or_null(expression) %}
    {#- expression as trimmed text; null when it is empty or a missing-value marker. -#}
    {%- set text = 'trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    case when {{ text }} in {{ missing_value_markers() }} then null else {{ text }} end
{%- endmacro %}

{% macro value_or_null(expression, data_type) %}
    {#- expression as read (any type); null when it is a missing-value marker. The marker test runs
        only on values that do not cast to data_type (CASE evaluates a branch for the rows that
        reach it), so a numeric column pays one try_cast per row. -#}
    case
        when {{ try_cast(expression, data_type) }} is not null then {{ expression }}
        when trim(cast({{ expression }} as {{ dbt.type_string() }})) in {{ missing_value_markers() }} then null
        else {{ expression }}
    end
{%- endmacro %}
