{% macro events_in_feature_window(events, activity_window, columns=['*']) %}
    {#- A select of the events (the given columns of events, all by default) inside the feature window
        of activity_window (one row with window_start_date and as_of_date), each with its day_index
        (0 = the window's first day) and is_weekend_event. -#}
    select
        {% for column in columns -%}
            {{ events }}.{{ column }},
        {% endfor -%}
        {{ dbt.datediff(activity_window ~ '.window_start_date', 'cast(' ~ events ~ '.event_at as date)', 'day') }}
            as day_index,
        {{ is_weekend(events ~ '.event_at') }} as is_weekend_event
    from {{ events }}
    cross join {{ activity_window }}
    where
        {{ events }}.event_at >= cast({{ activity_window }}.window_start_date as timestamp)
        and {{ events }}.event_at < cast({{ dbt.dateadd('day', 1, activity_window ~ '.as_of_date') }} as timestamp)
{%- endmacro %}
