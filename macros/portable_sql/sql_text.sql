{% macro sql_text(value) %}
    {#- A varchar literal of value (quotes doubled), or a typed null. -#}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{% endmacro %}
