{{ config(enabled=var('user_source') == 'profiles_csv') }}

{#- One row per user of the flat CSV, in the feature table's columns (absent features are null). -#}

with

profiles as (

    select * from {{ ref('stg_flat_profiles__user_profiles') }}

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
        cast(null as double) as ad_impressions,
        cast(null as double) as ad_clicks,
        ctr,
        conversion_rate,
        ad_interaction_s,
        cast(null as double) as active_days,
        cast(null as double) as days_since_last_seen,
        cast(null as timestamp) as last_seen_at
    from profiles

)

select * from final
