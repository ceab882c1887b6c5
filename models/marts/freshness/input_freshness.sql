{#- One row: how old the newest event was when this build ran. Unlike every other mart this one
    depends on the wall clock, because staleness is about now; the segments never do. -#}

with

activity_window as (

    select * from {{ ref('int_activity_window_defined') }}

),

ages_measured as (

    select
        activity_window.newest_event_at,
        activity_window.as_of_date,
        {{ run_started_at_timestamp() }} as computed_at,
        cast({{ dbt.datediff('cast(activity_window.newest_event_at as date)',
            'cast(' ~ run_started_at_timestamp() ~ ' as date)', 'day') }} as bigint) as days_since_newest_event
    from activity_window

),

final as (

    select
        newest_event_at,
        as_of_date,
        days_since_newest_event,
        {{ var('stale_after_days') | int }} as stale_after_days,
        days_since_newest_event > {{ var('stale_after_days') | int }} as is_stale,
        computed_at
    from ages_measured

)

select * from final
