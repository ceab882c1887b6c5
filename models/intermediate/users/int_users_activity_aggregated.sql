{{ config(enabled=var('user_source') == 'events') }}

with

events as (

    select * from {{ ref('stg_app__events') }}

),

activity_window as (

    select * from {{ ref('int_activity_window_defined') }}

),

events_in_window as (

    select
        events.user_id,
        events.event_type,
        events.duration_s,
        events.event_at,
        cast(events.event_at as date) as event_date,
        {{ is_weekend('events.event_at') }} as is_weekend_event
    from events
    cross join activity_window
    where
        events.event_at >= cast(activity_window.window_start_date as timestamp)
        and events.event_at < cast({{ dbt.dateadd('day', 1, 'activity_window.as_of_date') }} as timestamp)

),

events_aggregated_to_users as (

    select
        user_id,
        sum(
            case when event_type = 'session' and not is_weekend_event then duration_s else 0 end
        ) / 3600.0 as weekday_session_hours,
        sum(
            case when event_type = 'session' and is_weekend_event then duration_s else 0 end
        ) / 3600.0 as weekend_session_hours,
        count(case when event_type in ('like', 'reaction') then 1 end) as likes_reactions,
        count(case when event_type = 'follow' then 1 end) as followed_accounts,
        count(case when event_type = 'ad_impression' then 1 end) as ad_impressions,
        count(case when event_type = 'ad_click' then 1 end) as ad_clicks,
        count(case when event_type = 'conversion' then 1 end) as conversions,
        avg(case when event_type = 'ad_impression' then duration_s end) as ad_interaction_s,
        count(distinct event_date) as active_days,
        max(event_at) as last_seen_at
    from events_in_window
    group by 1

),

final as (

    select
        events_aggregated_to_users.user_id,
        events_aggregated_to_users.weekday_session_hours / activity_window.weekday_days as weekday_hours,
        events_aggregated_to_users.weekend_session_hours / activity_window.weekend_days as weekend_hours,
        events_aggregated_to_users.likes_reactions,
        events_aggregated_to_users.followed_accounts,
        events_aggregated_to_users.ad_impressions,
        events_aggregated_to_users.ad_clicks,
        events_aggregated_to_users.conversions,
        {{ safe_ratio('events_aggregated_to_users.ad_clicks', 'events_aggregated_to_users.ad_impressions') }}
            as ctr,
        {{ safe_ratio('events_aggregated_to_users.conversions', 'events_aggregated_to_users.ad_clicks') }}
            as conversion_rate,
        coalesce(events_aggregated_to_users.ad_interaction_s, 0) as ad_interaction_s,
        events_aggregated_to_users.active_days,
        {{ dbt.datediff('cast(events_aggregated_to_users.last_seen_at as date)', 'activity_window.as_of_date', 'day') }}
            as days_since_last_seen,
        events_aggregated_to_users.last_seen_at
    from events_aggregated_to_users
    cross join activity_window

)

select * from final
