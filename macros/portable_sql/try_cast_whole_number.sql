{% macro try_cast_whole_number(expression, source_type=none) %}
    {#- expression as a bigint when it holds a whole number (12, '12', '12.0'), else null. A plain
        try_cast to bigint rounds: on DuckDB 2.0 '59.37' and 59.37 become 59, so ids with a
        fraction would merge silently. An exponent ('5.2e8', an id a spreadsheet rounded) is not
        an id either: it would become a made-up user 520000000. Integer-typed columns
        (source_type, from column_type_of) skip the check. -#}
    {%- if (source_type or '') | lower in integer_type_names() -%}
        {{ try_cast(expression, 'bigint') }}
    {%- else -%}
        case
            when
                {{ try_cast(expression, 'bigint') }} = {{ try_cast(expression, 'double') }}
                and not contains(lower(cast({{ expression }} as {{ dbt.type_string() }})), 'e')
                then {{ try_cast(expression, 'bigint') }}
        end
    {%- endif -%}
{%- endmacro %}

{% macro integer_type_names() %}
    {#- Column types (lower case, DuckDB and Spark names) whose values bigint holds exactly. -#}
    {{- return(['tinyint', 'smallint', 'int', 'integer', 'bigint', 'utinyint', 'usmallint', 'uinteger']) -}}
{% endmacro %}

{% macro column_type_of(relation, column) %}
    {#- The type of a column of a relation or file reader (lower case), read from its schema when
        the model runs; none while parsing, in lint and in unit tests, where the input is not read. -#}
    {%- if not compiling_a_model_run() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set described = run_query('describe select ' ~ adapter.quote(column) ~ ' from ' ~ relation) -%}
    {{ return(described.rows[0][1] | lower) }}
{% endmacro %}
