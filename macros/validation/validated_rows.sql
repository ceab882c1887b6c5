{% macro validated_rows(typed, repeated, columns) %}
    {#- A select of every row of a one-row-per-user input: typed (the typed rows in input order,
        with row_rule_broken, row_rule_column, raw_user_id and raw_value) with its position
        (source_row_number, from stored_row_number) and columns, and quarantine_reason /
        quarantine_column: the row rule, else duplicate_user_id when repeated (the later copies
        of repeated ids, by file and row) holds the row; record_id and raw_value for the
        quarantine. The typed table keeps raw_user_id only where it is not the id as text. -#}
    {%- set record_id = 'coalesce(typed.raw_user_id, cast(typed.user_id as ' ~ dbt.type_string() ~ '))' %}
    with

    typed as (

        select
            {{ stored_row_number() }} as source_row_number,
            *
        from {{ typed }}

    ),

    repeated as (

        select * from {{ repeated }}

    ),

    final as (

        select
            typed.source_file,
            typed.source_row_number,
            {% for column in columns -%}
                typed.{{ column }},
            {% endfor -%}
            coalesce(
                typed.row_rule_broken,
                case when repeated.source_row_number is not null then 'duplicate_user_id' end
            ) as quarantine_reason,
            coalesce(
                typed.row_rule_column,
                case when repeated.source_row_number is not null then 'user_id' end
            ) as quarantine_column,
            {{ record_id }} as record_id,
            coalesce(
                typed.raw_value,
                case when repeated.source_row_number is not null then {{ record_id }} end
            ) as raw_value
        from typed
        left join repeated
            on
                typed.source_file = repeated.source_file
                and typed.source_row_number = repeated.source_row_number

    )

    select * from final
{%- endmacro %}
