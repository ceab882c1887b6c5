{#- One row per user: demographics and activity features, the same columns whatever the input shape. -#}

with

{% if var('user_source') == 'events' %}

users as (

    select * from {{ ref('stg_app__users') }}

),

activity as (

    select * from {{ ref('int_users_activity_aggregated') }}

),

activity_window as (

    select * from {{ ref('int_activity_window_defined') }}

),

users_joined_to_activity as (

    select
        users.user_id,
        {{ age_band('extract(year from activity_window.as_of_date) - users.birth_year') }}
            as age_band_raw,
        users.gender,
        users.income_band,
        users.location,
        users.language,
        users.education,
        users.device,
        users.interests,
        coalesce(activity.weekday_hours, 0) as weekday_hours,
        coalesce(activity.weekend_hours, 0) as weekend_hours,
        cast(coalesce(activity.likes_reactions, 0) as double) as likes_reactions,
        cast(coalesce(activity.followed_accounts, 0) as double) as followed_accounts,
        cast(coalesce(activity.ad_impressions, 0) as double) as ad_impressions,
        cast(coalesce(activity.ad_clicks, 0) as double) as ad_clicks,
        coalesce(activity.ctr, 0) as ctr,
        coalesce(activity.conversion_rate, 0) as conversion_rate,
        coalesce(activity.ad_interaction_s, 0) as ad_interaction_s,
        cast(coalesce(activity.active_days, 0) as double) as active_days,
        cast(activity.days_since_last_seen as double) as days_since_last_seen,
        activity.last_seen_at
    from users
    cross join activity_window
    left join activity on users.user_id = activity.user_id

),

{% else %}

profiles as (

    select * from {{ ref('stg_flat_profiles__user_profiles') }}

),

users_joined_to_activity as (

    select
        user_id,
        age_band as age_band_raw,
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

),

{% endif %}

bands as (

    select * from {{ ref('category_bands') }}

),

final as (

    select
        users_joined_to_activity.user_id,
        users_joined_to_activity.age_band_raw as age_band,
        users_joined_to_activity.gender,
        users_joined_to_activity.income_band,
        users_joined_to_activity.location,
        users_joined_to_activity.language,
        users_joined_to_activity.education,
        users_joined_to_activity.device,
        users_joined_to_activity.interests,
        age_bands.band_order as age_band_order,
        income_bands.band_order as income_band_order,
        {% for feature in numeric_feature_names() -%}
        users_joined_to_activity.{{ feature }},
        {% endfor -%}
        users_joined_to_activity.ad_impressions > 0 as has_ad_impressions,
        users_joined_to_activity.last_seen_at
    from users_joined_to_activity
    left join bands as age_bands
        on
            age_bands.attribute = 'age_band'
            and users_joined_to_activity.age_band_raw = age_bands.band
    left join bands as income_bands
        on
            income_bands.attribute = 'income_band'
            and users_joined_to_activity.income_band = income_bands.band

)

select * from final
