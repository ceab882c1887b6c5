{#- The usable users: every raw row that broke no rule (the others are in stg_app__users_quarantined). -#}

with

validated as (

    select * from {{ ref('stg_app__users_validated') }}

),

final as (

    select
        user_id,
        gender,
        income_band,
        location,
        language,
        education,
        device,
        interests,
        birth_year
    from validated
    where quarantine_reason is null

)

select * from final
