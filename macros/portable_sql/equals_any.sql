{% macro equals_any(expression, sql_values) %}
    {#- True when expression equals one of sql_values (SQL literals), as a chain of equalities, not
        IN or list_contains: on DuckDB 2.0 both made the _typed models' parallel CSV scan write its
        rows out of file order (their row numbers rely on it; an IN list of ten constants becomes
        a join), and a CASE per value or an enum cast took 4-7x the scan. -#}
    {%- set tests = [] -%}
    {%- for value in sql_values -%}
        {%- do tests.append(expression ~ ' = ' ~ value) -%}
    {%- endfor -%}
    ({{ tests | join(' or ') }})
{%- endmacro %}
