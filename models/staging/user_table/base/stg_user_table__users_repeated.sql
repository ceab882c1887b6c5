{{ config(materialized='table') }}

{#- One row per later copy of a repeated user id among the rows that pass the row rules: the first
    copy by row is kept, these are quarantined as duplicate_user_id. Integer ids skip the grouping
    when a bitmap count proves every id distinct (ids_may_repeat); text ids are always grouped. A
    table, so the validated rows join a small list. -#}

{%- set typed = ref('stg_user_table__users_typed') %}
{#- The id's type as typed (integer or text), read from the built table: the bitmap counts
    integers only. -#}
{%- set id_types = [] %}
{%- if execute %}
    {%- for column in adapter.get_columns_in_relation(typed) if column.name == 'user_id' %}
        {%- do id_types.append(column.dtype | lower) %}
    {%- endfor %}
{%- endif %}
{%- set may_repeat = id_types != ['bigint']
    or ids_may_repeat(typed, 'user_id', 'row_rule_broken is null') %}

{{ later_id_copies(
    '(select ' ~ stored_row_number() ~ ' as source_row_number, * from ' ~ typed ~ ')',
    'user_id',
    may_repeat,
) }}
