{% macro greatest_of(expressions) %}
    {#- The largest of one or more expressions (Spark's greatest needs at least two). -#}
    {%- if expressions | length == 1 -%}
        {{ expressions[0] }}
    {%- else -%}
        greatest({{ expressions | join(', ') }})
    {%- endif -%}
{%- endmacro %}
