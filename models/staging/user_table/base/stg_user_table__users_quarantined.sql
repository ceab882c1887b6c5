{{ config(materialized='table') }}
{%- set user_table = user_table_config() %}

{#- One row per row of the user table that broke a rule: where it came from, the rule, the
    column and its raw value. -#}

with

validated as (

    select * from {{ ref('stg_user_table__users_validated') }}

),

final as (

    select
        'user_table.users' as source_name,
        source_file,
        source_row_number,
        record_id,
        quarantine_reason,
        quarantine_column,
        raw_value
    from validated
    where quarantine_reason is not null

)

select * from final
