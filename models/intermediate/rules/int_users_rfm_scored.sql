{#- A table: its tests and the rule segments would each repeat its three rankings as a view. -#}
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

active_users as (

    select * from activity_measured
    where is_active

),

{% for measure, descending in [
    ('days_since_last_seen', true), ('active_days', false), ('interactions', false)
] %}
    {{ measure }}__cume_dist as (

        {#- cume_dist() over (order by the measure), without sorting every user: the users per
            distinct value, summed in the value's order (a window over the few distinct values,
            nulls last as in a window over the users), over all active users. -#}
        select
            {{ measure }},
            sum(users) over (
                order by {{ measure }} {% if descending %}desc{% endif %}
                rows between unbounded preceding and current row
            ) / sum(users) over () as cume_dist
        from (
            select
                {{ measure }},
                count(*) as users
            from active_users
            group by 1
        ) as users_per_value

    ),

{% endfor %}

active_users_ranked as (

    select
        active_users.user_id,
        cast(ceil(5 * recency.cume_dist - 1e-9) as integer) as recency_score,
        cast(ceil(5 * frequency.cume_dist - 1e-9) as integer) as frequency_score,
        cast(ceil(5 * engagement.cume_dist - 1e-9) as integer) as engagement_score
    from active_users
    inner join days_since_last_seen__cume_dist as recency
        on active_users.days_since_last_seen is not distinct from recency.days_since_last_seen
    inner join active_days__cume_dist as frequency
        on active_users.active_days is not distinct from frequency.active_days
    inner join interactions__cume_dist as engagement
        on active_users.interactions is not distinct from engagement.interactions

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
