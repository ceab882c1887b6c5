{% macro answer_rank(text, order) %}
    {#- A text answer's position in `order` (1 = the first), whatever its case and the spaces
        around it; null for another answer. -#}
    case lower(trim({{ text }}))
        {% for value in order -%}
            when {{ sql_text(value | string | trim | lower) }} then {{ loop.index }}
        {% endfor -%}
    end
{%- endmacro %}
