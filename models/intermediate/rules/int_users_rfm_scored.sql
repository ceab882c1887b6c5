{#- A table: its three rankings sort every user, and its tests and the rule segments would each
    repeat them as a view. -#}
{{ config(materialized='table') }}

{#- One row per user: recency, frequency and engagement scores from 1 (lowest fifth of the users
    active in the feature window) to 5 (highest fifth), and 0 for users with no activity in the
    window. cume_dist gives tied users the same score, so the scores do not depend on row order;
    the 1e-9 keeps a share of exactly 2/5 (say) in fifth 2 despite floating-point error. -#}

with

user_features as (

    select * from {{ ref('int_user_features_joined') }}

),

activity_measured as (

    select
        user_id,
        days_since_last_seen,
        active_days,
        likes_reactions + followed_accounts + ad_clicks as interactions,
        active_days > 0 as is_active
    from user_features

),

active_users_ranked as (

    select
        user_id,
        cast(ceil(5 * cume_dist() over (order by days_since_last_seen desc) - 1e-9) as integer) as recency_score,
        cast(ceil(5 * cume_dist() over (order by active_days) - 1e-9) as integer) as frequency_score,
        cast(ceil(5 * cume_dist() over (order by interactions) - 1e-9) as integer) as engagement_score
    from activity_measured
    where is_active

),

final as (

    select
        activity_measured.user_id,
        coalesce(active_users_ranked.recency_score, 0) as recency_score,
        coalesce(active_users_ranked.frequency_score, 0) as frequency_score,
        coalesce(active_users_ranked.engagement_score, 0) as engagement_score,
        activity_measured.days_since_last_seen,
        activity_measured.active_days,
        activity_measured.interactions
    from activity_measured
    left join active_users_ranked on activity_measured.user_id = active_users_ranked.user_id

)

select * from final
