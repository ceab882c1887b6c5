{%- set user_table = user_table_config() %}

{#- One row per row of the configured user table, typed, with its position (source_row_number)
    and the first rule it breaks in quarantine_reason (null = usable): a row rule
    (stg_user_table__users_typed), else duplicate_user_id for a later copy of a repeated id (the
    first usable copy is kept). -#}

with

typed as (

    select
        {{ stored_row_number() }} as source_row_number,
        *
    from {{ ref('stg_user_table__users_typed') }}

),

repeated as (

    select * from {{ ref('stg_user_table__users_repeated') }}

),

final as (

    select
        typed.source_file,
        typed.source_row_number,
        typed.user_id,
        {% for feature in user_table['categorical_features'] + user_table['numeric_features'] -%}
            typed.{{ feature['name'] }},
        {% endfor -%}
        typed.as_of_date,
        {{ quarantine_reason_with_repeated_ids('typed', 'repeated') }}
    from typed
    left join repeated
        on
            typed.source_file = repeated.source_file
            and typed.source_row_number = repeated.source_row_number

)

select * from final
