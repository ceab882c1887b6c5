{{
    config(
        enabled=var('user_source') == 'events' and var('daily_aggregates'),
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'event_date'],
    )
}}

{#- One row per user and UTC day with at least one event. Incremental: a run reprocesses the days
    from `late_arriving_days` before the newest stored day onwards (late events for those days are
    picked up; older late events need --full-refresh). -#}

{%- set cutoff_date = none %}
{%- if is_incremental() and execute %}
    {%- set cutoff_query %}
        select cast({{ dbt.dateadd('day', -1 * var('late_arriving_days') | int, 'max(event_date)') }} as date)
        from {{ this }}
    {%- endset %}
    {%- set cutoff_date = run_query(cutoff_query).columns[0].values()[0] %}
{%- endif %}

with

events as (

    select * from {{ ref('stg_app__events') }}
    {% if cutoff_date is not none %}
        where event_at >= cast('{{ cutoff_date }}' as timestamp)
    {% endif %}

),

events_dated as (

    select
        user_id,
        event_type,
        duration_s,
        event_at,
        cast(event_at as date) as event_date
    from events

),

events_aggregated_to_user_days as (

    select
        user_id,
        event_date,
        sum(case when event_type = 'session' then duration_s else 0 end) as session_seconds,
        count(case when event_type in ('like', 'reaction') then 1 end) as likes_reactions,
        count(case when event_type = 'follow' then 1 end) as followed_accounts,
        count(case when event_type = 'ad_impression' then 1 end) as ad_impressions,
        count(case when event_type = 'ad_click' then 1 end) as ad_clicks,
        count(case when event_type = 'conversion' then 1 end) as conversions,
        sum(case when event_type = 'ad_impression' then duration_s end) as ad_view_seconds,
        count(case when event_type = 'ad_impression' then duration_s end) as ad_views_timed,
        max(event_at) as last_seen_at
    from events_dated
    group by 1, 2

)

select * from events_aggregated_to_user_days
