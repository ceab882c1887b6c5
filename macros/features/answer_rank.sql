{% macro answer_rank(text, order) %}
    {#- A text answer's position in `order` (1 = the first), whatever its case and the spaces
        around it; null for another answer. A level written two ways is a list of its spellings
        ([Quarterly, Every 3 Months]), each at the level's position. -#}
    case lower(trim({{ text }}))
        {% for level in order -%}
            {%- set position = loop.index -%}
            {%- for spelling in ([level] if level is string or level is number else level) -%}
            when {{ sql_text(spelling | string | trim | lower) }} then {{ position }}
            {% endfor -%}
        {% endfor -%}
    end
{%- endmacro %}
