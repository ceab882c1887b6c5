{% macro quarantine_reason_with_repeated_ids(typed, repeated) %}
    {#- The quarantine columns of a one-row-per-user input's row (select expressions, for a query
        of typed left-joined to repeated by file and row): quarantine_reason and quarantine_column
        (the row rule, else duplicate_user_id when the row is a later copy of a repeated id),
        record_id (the raw id) and raw_value (the value the rule looked at). -#}
    {%- set is_repeated = repeated ~ '.source_row_number is not null' -%}
    coalesce(
        {{ typed }}.row_rule_broken, case when {{ is_repeated }} then 'duplicate_user_id' end
    ) as quarantine_reason,
    coalesce({{ typed }}.row_rule_column, case when {{ is_repeated }} then 'user_id' end)
        as quarantine_column,
    {{ typed }}.raw_user_id as record_id,
    coalesce({{ typed }}.raw_value, case when {{ is_repeated }} then {{ typed }}.raw_user_id end)
        as raw_value
{%- endmacro %}
