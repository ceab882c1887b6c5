{{ config(enabled=var('user_source') == 'events') }}

{#- One row per user of the users file: demographics and activity features (zero when inactive). -#}

with

users as (

    select * from {{ ref('stg_app__users') }}

),

activity as (

    select * from {{ ref('int_users_activity_aggregated') }}

),

activity_window as (

    select * from {{ ref('int_activity_window_defined') }}

),

final as (

    select
        users.user_id,
        {{ age_band('extract(year from activity_window.as_of_date) - users.birth_year') }} as age_band,
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

)

select * from final
