{% macro later_id_copies(rows, id_column, may_repeat=true) %}
    {#- A select of one row per later copy of a repeated id (id_column) among the usable rows of
        rows (a relation or a parenthesised select with source_file, source_row_number, the id and
        row_rule_broken, null when the row passes the row rules): the first copy by file and row is
        kept. Finding the repeated ids groups one column of every row; only those ids' rows are
        then numbered, so no query sorts or windows every row. may_repeat false (the caller proved
        the ids distinct) skips the grouping too. -#}
    with

    usable_rows as (

        select
            source_file,
            source_row_number,
            {{ id_column }}
        from {{ rows }} as input_rows
        where row_rule_broken is null and {{ id_column }} is not null

    ),

    repeated_ids as (

        select {{ id_column }}
        from usable_rows
        {% if not may_repeat %}where false{% endif %}
        group by {{ id_column }}
        having count(*) > 1

    ),

    copies_numbered as (

        select
            usable_rows.source_file,
            usable_rows.source_row_number,
            usable_rows.{{ id_column }},
            row_number() over (
                partition by usable_rows.{{ id_column }}
                order by usable_rows.source_file, usable_rows.source_row_number
            ) as copy_number
        from usable_rows
        inner join repeated_ids on usable_rows.{{ id_column }} = repeated_ids.{{ id_column }}

    ),

    final as (

        select
            source_file,
            source_row_number,
            {{ id_column }},
            copy_number
        from copies_numbered
        where copy_number > 1

    )

    select * from final
{%- endmacro %}
