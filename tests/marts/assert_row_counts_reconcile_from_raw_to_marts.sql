-- Users read from the raw input = users in the feature table = users scored = users segmented.
-- (fitted_users is not compared: a reused model was fitted on an earlier input.)
with

raw_users as (

    {% if var('user_source') == 'events' %}
        select count(*) as users from {{ ref('stg_app__users') }}
    {% elif var('user_source') == 'event_log' %}
        {#- The event log's users are those with a usable event in the feature window. -#}
        select count(distinct events.user_id) as users
        from {{ ref('stg_event_log__events') }} as events
        cross join {{ ref('int_event_log_window_defined') }} as activity_window
        where
            events.event_at >= cast(activity_window.window_start_date as timestamp)
            and events.event_at
            < cast({{ dbt.dateadd('day', 1, 'activity_window.as_of_date') }} as timestamp)
    {% elif var('user_source') == 'table' %}
        select count(*) as users from {{ ref('stg_user_table__users') }}
    {% else %}
        select count(*) as users from {{ ref('stg_flat_profiles__user_profiles') }}
    {% endif %}

),

runs as (

    select * from {{ ref('segmentation_runs') }}
    where is_current

),

user_segments as (

    select count(*) as users from {{ ref('user_segments') }}

)

select
    raw_users.users as raw_users,
    runs.feature_rows,
    runs.fitted_users,
    runs.assigned_users,
    user_segments.users as segmented_users
from raw_users
cross join runs
cross join user_segments
where
    raw_users.users != runs.feature_rows
    or runs.feature_rows != runs.assigned_users
    or runs.assigned_users != user_segments.users
