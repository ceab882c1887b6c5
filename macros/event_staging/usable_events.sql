{% macro usable_events(typed, quarantined, extra_columns) %}
    {#- A select of the usable events: every row of typed (the typed raw event rows) that is not in
        quarantined, matched by file and row, with event_id, user_id, event_type, extra_columns
        (select expressions) and event_at. Excluding the quarantined rows, instead of evaluating the
        rules again, keeps every reader a plain scan of the raw rows: the quarantine is small, and
        empty in a clean load. -#}
    with

    typed as (

        select * from {{ typed }}

    ),

    quarantined as (

        select * from {{ quarantined }}

    ),

    accepted as (

        select typed.*
        from typed
        where not exists (
            select 1
            from quarantined
            where
                quarantined.source_row_number = typed.source_row_number
                and quarantined.source_file = typed.source_file
        )

    ),

    final as (

        select
            event_id,
            user_id,
            event_type,
            {% for column in extra_columns -%}
                {{ column }},
            {% endfor -%}
            event_at
        from accepted

    )

    select * from final
{%- endmacro %}
