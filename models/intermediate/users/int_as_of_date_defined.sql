{{ config(materialized='table') }}

{#- One row: the date the segmented data describes, for every input shape, and where it comes from.
    Events and event logs: the feature window's as-of date (var as_of_date, else the newest event
    date). A user table with `days_since` features: the day they are measured at (var as_of_date,
    else the newest of their dates, as its typed model computes it). Other user tables and the
    flat profiles file have no activity dates: var as_of_date when set, else the date of the
    build (a table, not a view, so the date stays the build's). -#}

{% if var('user_source') in ['events', 'event_log'] %}

    with

    activity_window as (

        {% if var('user_source') == 'events' %}
            select * from {{ ref('int_activity_window_defined') }}
        {% else %}
            select * from {{ ref('int_event_log_window_defined') }}
        {% endif %}

    ),

    final as (

        select
            as_of_date,
            {% if var('as_of_date') %}'var as_of_date'{% else %}'newest event'{% endif %} as as_of_source
        from activity_window

    )

{% elif user_table_has_dated_features() and not var('as_of_date') %}

    with

    final as (

        select
            max(as_of_date) as as_of_date,
            'newest date' as as_of_source
        from {{ ref('stg_user_table__users_typed') }}

    )

{% else %}

    with

    final as (

        select
            {% if var('as_of_date') %}
                cast('{{ var("as_of_date") }}' as date) as as_of_date,
                'var as_of_date' as as_of_source
            {% else %}
                cast({{ run_started_at_timestamp() }} as date) as as_of_date,
                'build date' as as_of_source
            {% endif %}

    )

{% endif %}

select * from final
