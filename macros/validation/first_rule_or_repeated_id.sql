{% macro first_rule_or_repeated_id(rows) %}
    {#- A select of every row of rows (a CTE or relation with user_id, source_file,
        source_row_number and rule_and_column: 'rule:column' of the first row rule broken, null when
        none) with quarantine_reason and quarantine_column: the row rule, else duplicate_user_id on
        every later usable copy of a user id (the first by file and row is kept). Only the ids of
        usable rows that repeat are numbered: grouping one column of every row costs far less
        than numbering every row in a window (the costliest query of a 10M-user input). -#}
    with

    usable_ids_repeated as (

        select user_id
        from {{ rows }}
        where rule_and_column is null
        group by user_id
        having count(*) > 1

    ),

    copies_numbered as (

        select
            repeated_rows.source_file,
            repeated_rows.source_row_number,
            row_number() over (
                partition by repeated_rows.user_id
                order by repeated_rows.source_file, repeated_rows.source_row_number
            ) as copy_number
        from {{ rows }} as repeated_rows
        inner join usable_ids_repeated on repeated_rows.user_id = usable_ids_repeated.user_id
        where repeated_rows.rule_and_column is null

    ),

    later_copies as (

        select
            source_file,
            source_row_number
        from copies_numbered
        where copy_number > 1

    ),

    reasons as (

        select
            checked_rows.*,
            case
                when checked_rows.rule_and_column is not null
                    then split_part(checked_rows.rule_and_column, ':', 1)
                when later_copies.source_row_number is not null then 'duplicate_user_id'
            end as quarantine_reason,
            case
                when checked_rows.rule_and_column is not null
                    then split_part(checked_rows.rule_and_column, ':', 2)
                when later_copies.source_row_number is not null then 'user_id'
            end as quarantine_column
        from {{ rows }} as checked_rows
        left join later_copies
            on
                checked_rows.source_file = later_copies.source_file
                and checked_rows.source_row_number = later_copies.source_row_number

    )

    select * from reasons
{%- endmacro %}
