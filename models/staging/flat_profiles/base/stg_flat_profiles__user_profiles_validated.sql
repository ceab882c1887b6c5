{#- One row per raw CSV row, typed, with its line (source_row_number) and the first rule it breaks
    in quarantine_reason (null = usable): a row rule (stg_flat_profiles__user_profiles_typed), else
    duplicate_user_id for a later copy of a repeated id (the first usable copy is kept). -#}

with

typed as (

    select
        {{ stored_row_number() }} as source_row_number,
        *
    from {{ ref('stg_flat_profiles__user_profiles_typed') }}

),

repeated as (

    select * from {{ ref('stg_flat_profiles__user_profiles_repeated') }}

),

final as (

    select
        typed.source_file,
        typed.source_row_number,
        typed.user_id,
        typed.age_band,
        typed.gender,
        typed.income_band,
        typed.location,
        typed.language,
        typed.education,
        typed.device,
        typed.interests,
        typed.weekday_hours,
        typed.weekend_hours,
        typed.likes_reactions,
        typed.followed_accounts,
        typed.ctr,
        typed.conversion_rate,
        typed.ad_interaction_s,
        {{ quarantine_reason_with_repeated_ids('typed', 'repeated') }}
    from typed
    left join repeated
        on
            typed.source_file = repeated.source_file
            and typed.source_row_number = repeated.source_row_number

)

select * from final
