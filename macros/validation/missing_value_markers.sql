{% macro missing_value_markers() %}
    {#- The texts that mean "no value" in an input: the empty text and var missing_value_markers.
        R, pandas and spreadsheet exports write NA, N/A, NULL or #N/A for a missing value: read as
        values, they would quarantine every row with a gap instead of leaving the gap to the
        feature's `missing` rule. -#}
    {{- return([''] + (var('missing_value_markers', []) or []) | list) -}}
{% endmacro %}

{% macro is_missing_marker(text, kept=[]) %}
    {#- True when the text expression is empty or a missing-value marker (equals_any: a chain of
        equalities keeps the _typed models' scans in file order); kept: markers that are values
        in this column (NA for Namibia or North America among country or region codes). -#}
    {%- set markers = [] -%}
    {%- for marker in missing_value_markers() if marker not in (kept or []) -%}
        {%- do markers.append(sql_text(marker)) -%}
    {%- endfor -%}
    {{ equals_any(text, markers) }}
{%- endmacro %}

{% macro text_or_null(expression, kept=[]) %}
    {#- expression as trimmed text; null when it is empty or a missing-value marker (but those
        in kept). -#}
    {%- set text = 'trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    case when {{ is_missing_marker(text, kept) }} then null else {{ text }} end
{%- endmacro %}

{% macro value_or_null(expression, data_type) %}
    {#- expression as read (any type); null when it is a missing-value marker. The marker test runs
        only on values that do not cast to data_type (CASE evaluates a branch for the rows that
        reach it), so a numeric column pays one try_cast per row. -#}
    case
        when {{ try_cast(expression, data_type) }} is not null then {{ expression }}
        when {{ is_missing_marker('trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ '))') }} then null
        else {{ expression }}
    end
{%- endmacro %}

{% macro text_or_null_unless_coded(expression, missing_values, kept=[]) %}
    {#- expression as trimmed text (text_or_null), also null when it is a number of missing_values:
        the codes a table uses for "unknown" (999, -1), so the feature's `missing` rule fills them
        instead of the code skewing the segments; or, when missing_values are texts (the answers
        off a scale, such as "Don't know"), one of them whatever its case. -#}
    {%- if missing_values and missing_values[0] is string -%}
        {%- set answers = [] -%}
        {%- for answer in missing_values -%}
            {%- do answers.append(sql_text(answer | trim | lower)) -%}
        {%- endfor -%}
        {%- set text = 'lower(trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')))' -%}
        case when {{ equals_any(text, answers) }} then null else {{ text_or_null(expression, kept) }} end
    {%- elif missing_values -%}
        {%- set number = try_cast('trim(cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ '))', 'double') -%}
        case when {{ equals_any(number, missing_values) }} then null else {{ text_or_null(expression, kept) }} end
    {%- else -%}
        {{ text_or_null(expression, kept) }}
    {%- endif -%}
{%- endmacro %}
