{% macro refuse_per_run_segment_history() %}
    {#- A warehouse built before the history became validity intervals holds one row per run and
        user; merging spells into it would corrupt both. Stop with what to do. -#}
    {#- In a dbt unit test `this` is a fixture (a string), not a table to inspect. -#}
    {%- if execute and is_incremental() and this is not string -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- if columns and 'opened_as_of_date' not in columns -%}
            {{ exceptions.raise_compiler_error(
                this ~ " holds the old one-row-per-run history. Rebuild it as validity intervals "
                ~ "with: dbt build --select user_segment_history+ --full-refresh "
                ~ "(the old rows are replaced by the current run's spells; copy the table first "
                ~ "to keep them)."
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
