{% macro user_table_range_condition(feature, value) %}
    {#- True when value lies outside the feature's `range: [min, max]` (a null bound is open). -#}
    {%- set bounds = feature['range'] -%}
    {%- set conditions = [] -%}
    {%- if bounds[0] is not none -%}
        {%- do conditions.append(value ~ ' < ' ~ bounds[0]) -%}
    {%- endif -%}
    {%- if bounds[1] is not none -%}
        {%- do conditions.append(value ~ ' > ' ~ bounds[1]) -%}
    {%- endif -%}
    {{ return('(' ~ (conditions | join(' or ') or 'false') ~ ')') }}
{% endmacro %}
