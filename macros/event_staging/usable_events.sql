{% macro usable_events(typed, quarantined, extra_columns) %}
    {#- A select of the usable events: every row of typed (the typed raw event rows) that is not in
        quarantined, matched by file and row, with event_id, user_id, event_type, extra_columns
        (select expressions) and event_at. Excluding the quarantined rows, instead of evaluating the
        rules again, keeps every reader a plain scan of the raw rows: the quarantine is small, and
        empty in a clean load. quarantined none: every typed row (see events_to_aggregate). -#}
    with

    typed as (

        select * from {{ typed }}

    ),

    {%- if quarantined is not none %}

        quarantined as (

            select * from {{ quarantined }}

        ),

    {%- endif %}

    accepted as (

        select typed.*
        from typed
        {% if quarantined is not none -%}
            where not exists (
                select 1
                from quarantined
                where
                    quarantined.source_row_number = typed.source_row_number
                    and quarantined.source_file = typed.source_file
            )
        {%- endif %}

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


{% macro events_to_aggregate(usable, typed_name, quarantined_name, extra_columns) %}
    {#- A select of the usable events for a model that aggregates every one of them: the usable
        events' view (usable, a ref), or, when the quarantine table (quarantined_name, in this
        schema) holds no row as the calling model compiles, the typed rows themselves
        (usable_events without the anti-join; extra_columns as the view has them). Excluding an
        empty quarantine still made the aggregation read every event's file name and row number:
        3 s of 65 at 1B events. Counted when the model runs, not when the view was built, so a
        quarantine rebuilt since is seen. The view while parsing, in lint and in unit tests. -#}
    {%- set typed = none %}
    {%- if compiling_a_model_run() %}
        {%- set quarantined = adapter.get_relation(this.database, this.schema, quarantined_name) %}
        {%- if quarantined is not none and rows_in_model(quarantined_name) == 0 %}
            {%- set typed = adapter.get_relation(this.database, this.schema, typed_name) %}
        {%- endif %}
    {%- endif %}
    {%- if typed is none %}
        select * from {{ usable }}
    {%- else %}
        {{ usable_events(typed, none, extra_columns) }}
    {%- endif %}
{% endmacro %}
