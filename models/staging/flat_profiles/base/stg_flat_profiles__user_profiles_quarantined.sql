{{ config(materialized='table') }}

{#- One row per raw CSV row that broke a rule: where it came from, the rule and the raw value. A
    table: the readers and tests of the quarantine read a small table, not every row. -#}

with

validated as (

    select * from {{ ref('stg_flat_profiles__user_profiles_validated') }}

),

final as (

    select
        'flat_profiles.user_profiles' as source_name,
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
