{% macro later_event_id_copies(typed, event_id_type) %}
    {#- A select of one row per later copy of a repeated event id among the usable rows of typed
        (row_rule_broken is null): the first copy by file and row is kept, these are quarantined as
        duplicate_event_id. Finding the repeated ids groups one column (event_id) of every row; only
        those ids' rows are then numbered, so no query sorts or windows all events. Integer ids skip
        even that grouping when a bitmap count proves every id distinct (ids_may_repeat); text ids
        are always grouped; without an event id column (event_id_type none) nothing repeats. -#}
    {%- if event_id_type == 'integer' %}
        {%- set may_repeat = ids_may_repeat(typed, 'event_id', 'row_rule_broken is null') %}
    {%- else %}
        {%- set may_repeat = event_id_type == 'text' %}
    {%- endif %}
    with

    typed as (

        select * from {{ typed }}

    ),

    repeated_ids as (

        select event_id
        from typed
        where event_id is not null {% if not may_repeat %}and false{% endif %}
        group by event_id
        having count(*) > 1

    ),

    copies_numbered as (

        select
            typed.source_file,
            typed.source_row_number,
            typed.event_id,
            row_number() over (
                partition by typed.event_id
                order by typed.source_file, typed.source_row_number
            ) as copy_number
        from typed
        inner join repeated_ids on typed.event_id = repeated_ids.event_id
        where typed.row_rule_broken is null

    ),

    final as (

        select
            source_file,
            source_row_number,
            event_id,
            copy_number
        from copies_numbered
        where copy_number > 1

    )

    select * from final
{%- endmacro %}
