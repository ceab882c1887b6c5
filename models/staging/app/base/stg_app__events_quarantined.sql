{{ config(materialized='table') }}

{#- One row per raw event row that broke a rule: where it came from, the rule and the raw value. -#}

with

validated as (

    select * from {{ ref('stg_app__events_validated') }}

),

final as (

    select
        'app.events' as source_name,
        source_file,
        source_row_number,
        raw_record_id as record_id,
        quarantine_reason,
        quarantine_column,
        raw_value
    from validated
    where breaks_a_rule

)

select * from final
