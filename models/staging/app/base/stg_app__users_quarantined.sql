{#- One row per raw user row that broke a rule: where it came from, the rule and the raw value. -#}

with

validated as (

    select * from {{ ref('stg_app__users_validated') }}

),

final as (

    select
        'app.users' as source_name,
        source_file,
        source_row_number,
        raw_user_id as record_id,
        quarantine_reason,
        quarantine_column,
        case quarantine_column
            when 'user_id' then raw_user_id
            when 'birth_year' then raw_birth_year
            when 'income_band' then raw_income_band
        end as raw_value
    from validated
    where quarantine_reason is not null

)

select * from final
