{{ config(materialized='table') }}

{#- One row per later copy of a repeated user id among the rows that pass the row rules: the first
    copy by file and row is kept, these are quarantined as duplicate_user_id. The grouping is
    skipped when a bitmap count proves every id distinct (ids_may_repeat). A table, so the
    validated rows join a small list. -#}

{%- set typed = ref('stg_flat_profiles__user_profiles_typed') %}

{{ later_id_copies(
    '(select ' ~ stored_row_number() ~ ' as source_row_number, * from ' ~ typed ~ ')',
    'user_id',
    ids_may_repeat(typed, 'user_id', 'row_rule_broken is null'),
) }}
