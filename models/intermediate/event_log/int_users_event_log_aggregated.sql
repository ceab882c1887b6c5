{{ config(materialized='table') }}
{%- set log = event_log_config() %}
{%- set aggregated_features = log['numeric_features'] | rejectattr('aggregate', 'equalto', 'ratio') | list %}
{%- set ratio_features = log['numeric_features'] | selectattr('aggregate', 'equalto', 'ratio') | list %}

{#- One row per user with at least one usable event in the feature window: every feature declared
    in var event_log, computed in one aggregation pass over the window's events (macros in
    macros/event_log/event_log_features.sql), then finished per user: totals 0 when no event
    matched a feature's filter, per-day features divided by the window's days of that kind,
    recency and tenure in days to the as-of date, ratios of two features. Means, minimums and
    maximums stay null when no event matched (int_user_features_from_event_log fills them).
    window_event_rows counts the user's events in the window (input_reconciliation sums them). -#}

with

events as (

    {{ events_to_aggregate(
        ref('stg_event_log__events'), 'stg_event_log__events_typed', 'stg_event_log__events_quarantined',
        event_log_usable_columns(),
    ) }}

),

activity_window as (

    select * from {{ ref('int_event_log_window_defined') }}

),

events_in_window as (

    {{ events_in_feature_window('events', 'activity_window') }}

),

events_aggregated_to_users as (

    select
        user_id,
        {% for feature in aggregated_features -%}
            {{ event_log_feature_aggregate(feature) }} as {{ feature['name'] }},
        {% endfor -%}
        count(*) as window_event_rows,
        max(event_at) as last_seen_at
    from events_in_window
    group by 1

),

features_finished as (

    select
        events_aggregated_to_users.user_id,
        {% for feature in aggregated_features -%}
            {{ event_log_feature_value(feature, 'events_aggregated_to_users', 'activity_window') }}
                as {{ feature['name'] }},
        {% endfor -%}
        events_aggregated_to_users.window_event_rows,
        events_aggregated_to_users.last_seen_at
    from events_aggregated_to_users
    cross join activity_window

),

final as (

    select
        user_id,
        {% for feature in log['numeric_features'] -%}
            {% if feature['aggregate'] == 'ratio' -%}
                {{ safe_ratio(feature['numerator'], feature['denominator'], feature['when_zero']) }}
                    as {{ feature['name'] }},
            {%- else -%}
                {{ feature['name'] }},
            {%- endif %}
        {% endfor -%}
        window_event_rows,
        last_seen_at
    from features_finished

)

-- Not sorted: the one reader that copies every user, int_user_features_joined, sorts by user itself
-- where order makes rebuilds identical (up to one DuckDB row group of users); above that, parallel
-- aggregates add floats in thread order whatever the stored order. Sorting 11.9M users took 4 s
-- on the events path.
select * from final
