{%- set user_table = user_table_config() %}

{#- One row per row of the configured user table, typed, with its position (source_row_number)
    and the first rule it breaks in quarantine_reason (null = usable): a row rule
    (stg_user_table__users_typed), else duplicate_user_id for a later copy of a repeated id (the
    first usable copy is kept). -#}

{%- set columns = ['user_id'] %}
{%- for feature in user_table['categorical_features'] + user_table['numeric_features'] %}
    {%- do columns.append(feature['name']) %}
{%- endfor %}
{%- do columns.append('as_of_date') %}

{{ validated_rows(
    ref('stg_user_table__users_typed'),
    ref('stg_user_table__users_repeated'),
    columns,
) }}
