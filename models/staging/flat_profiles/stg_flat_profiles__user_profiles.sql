{#- The usable rows of the flat CSV, renamed and typed (the others are in
    stg_flat_profiles__user_profiles_quarantined). -#}

with

validated as (

    select * from {{ ref('stg_flat_profiles__user_profiles_validated') }}

),

final as (

    select
        user_id,
        age_band,
        gender,
        income_band,
        location,
        language,
        education,
        device,
        interests,
        weekday_hours,
        weekend_hours,
        likes_reactions,
        followed_accounts,
        ctr,
        conversion_rate,
        ad_interaction_s
    from validated
    where quarantine_reason is null

)

select * from final
