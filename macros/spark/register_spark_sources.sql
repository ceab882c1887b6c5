{% macro register_spark_sources() %}
    {#- on-run-start: on Spark, makes the raw Parquet inputs readable as the sources app.events and
        app.users (views over the files under var raw_data_path, with the file name and row number
        DuckDB's read_parquet gives). Renders nothing on DuckDB, whose sources read the files
        through external_location. -#}
    {{- return(adapter.dispatch('register_spark_sources', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__register_spark_sources() %}
{% endmacro %}

{% macro spark__register_spark_sources() %}
    {%- if execute -%}
        {%- if var('user_source') != 'events' -%}
            {{ exceptions.raise_compiler_error(
                "user_source '" ~ var('user_source') ~ "' runs on DuckDB only (it reads CSV files with "
                ~ "DuckDB's CSV sniffer and reader functions). On Spark use user_source 'events' "
                ~ "(Parquet files events/ and users/ under var raw_data_path), or build on the DuckDB target."
            ) }}
        {%- endif -%}
        {%- if var('daily_aggregates') -%}
            {{ exceptions.raise_compiler_error(
                "daily_aggregates runs on DuckDB only (its incremental delete+insert needs a table "
                ~ "format with deletes, e.g. Delta on Databricks). On Spark leave daily_aggregates false."
            ) }}
        {%- endif -%}
        {%- for source_table, glob in [('events', var('events_glob')), ('users', var('users_glob'))] -%}
            {%- set relation = api.Relation.create(schema='app', identifier=source_table) -%}
            {%- do run_query('create database if not exists ' ~ relation.schema) -%}
            {%- do run_query(
                'create or replace view ' ~ relation ~ ' as select *, _metadata.file_path as filename, '
                ~ '_metadata.row_index as file_row_number from ' ~ parquet_reader(var('raw_data_path') ~ '/' ~ glob)
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
