{% macro feature_window(events, newest_event_at=none) %}
    {#- A select of one row from events (the relation of the usable events, with event_at): the
        as-of date (var as_of_date, else the date of the newest event, never the wall clock), the
        newest event (newest_event_at, a SQL expression, else the maximum over events) and where it
        came from, the window's first day (var feature_window_days days ending at the as-of date)
        and its day counts (all days, weekdays, weekend days) that per-day features divide by. -#}
    with

    events as (

        select event_at from {{ events }}

    ),

    newest_event as (

        {% if newest_event_at is none %}
            select
                max(event_at) as newest_event_at,
                'events' as newest_event_source
            from events
        {% else %}
            select
                {{ newest_event_at }} as newest_event_at,
                'parquet statistics' as newest_event_source
        {% endif %}

    ),

    as_of as (

        select
            {% if var('as_of_date') %}
                cast('{{ var("as_of_date") }}' as date) as as_of_date,
            {% else %}
                cast(newest_event_at as date) as as_of_date,
            {% endif %}
            newest_event_at,
            newest_event_source
        from newest_event

    ),

    window_bounds as (

        select
            as_of_date,
            newest_event_at,
            newest_event_source,
            cast({{ dbt.dateadd('day', 1 - var('feature_window_days') | int, 'as_of_date') }} as date)
                as window_start_date
        from as_of

    ),

    window_days as (

        {{ days_in_window(
            '(select window_start_date from window_bounds)',
            '(select as_of_date from window_bounds)'
        ) }}

    ),

    days_counted as (

        select
            count(*) as window_days,
            sum(case when {{ is_weekend('day_date') }} then 0 else 1 end) as weekday_days,
            sum(case when {{ is_weekend('day_date') }} then 1 else 0 end) as weekend_days
        from window_days

    ),

    final as (

        select
            window_bounds.window_start_date,
            window_bounds.as_of_date,
            window_bounds.newest_event_at,
            window_bounds.newest_event_source,
            days_counted.window_days,
            days_counted.weekday_days,
            days_counted.weekend_days
        from window_bounds
        cross join days_counted

    )

    select * from final
{%- endmacro %}
