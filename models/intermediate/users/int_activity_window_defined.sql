{{ config(enabled=var('user_source') == 'events', materialized='table') }}

{#- One row: the as-of date features are computed for, and the day counts of the window. -#}

with

events as (

    select event_at from {{ ref('stg_app__events') }}

),

as_of as (

    select
        {% if var('as_of_date') %}
            cast('{{ var("as_of_date") }}' as date) as as_of_date
        {% else %}
            cast(max(event_at) as date) as as_of_date
        {% endif %}
    {% if not var('as_of_date') %}
        from events
    {% endif %}

),

window_bounds as (

    select
        as_of_date,
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
        sum(case when {{ is_weekend('day_date') }} then 0 else 1 end) as weekday_days,
        sum(case when {{ is_weekend('day_date') }} then 1 else 0 end) as weekend_days
    from window_days

),

final as (

    select
        window_bounds.window_start_date,
        window_bounds.as_of_date,
        days_counted.weekday_days,
        days_counted.weekend_days
    from window_bounds
    cross join days_counted

)

select * from final
