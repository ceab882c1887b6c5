{% macro later_event_id_copies(typed, event_id_type) %}
    {#- A select of one row per later copy of a repeated event id among the usable rows of typed
        (row_rule_broken is null): the first copy by file and row is kept, these are quarantined as
        duplicate_event_id. Integer ids skip even the grouping when a bitmap count proves every id
        distinct (ids_may_repeat); text ids are always grouped; without an event id column
        (event_id_type none) nothing repeats. -#}
    {%- if event_id_type == 'integer' %}
        {%- set may_repeat = ids_may_repeat(typed, 'event_id', 'row_rule_broken is null') %}
    {%- else %}
        {%- set may_repeat = event_id_type == 'text' %}
    {%- endif %}
    {{ later_id_copies(typed, 'event_id', may_repeat) }}
{%- endmacro %}
