{{ config(materialized='table') }}

{#- One row: the date the segmented data describes, for every input shape, and where it comes from.
    Events and event logs: the feature window's as-of date (var as_of_date, else the newest event
    date). A user
    table or the flat profiles file has no activity dates: var as_of_date when set, else the date
    of the build (a table, not a view, so the date stays the build's). -#}

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
