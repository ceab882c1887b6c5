{% macro keep_file_order(keep) %}
    {#- A hook: with keep true, the model's table is written in the order its input is read
        (DuckDB's preserve_insertion_order, for this connection only; the profile turns it off,
        which lets large queries run faster in any order), so stored_row_number() numbers the
        rows as the file has them; keep false turns it off again. Only order-preserving queries
        (scans, projections, filters: no join, no aggregate) keep the order. Other engines: no
        statement. -#}
    {{- return(adapter.dispatch('keep_file_order', 'user_segmentation')(keep)) -}}
{% endmacro %}

{% macro default__keep_file_order(keep) %}
    {{- return('') -}}
{% endmacro %}

{% macro duckdb__keep_file_order(keep) %}
    {{- return('set session preserve_insertion_order = ' ~ ('true' if keep else 'false')) -}}
{% endmacro %}

{% macro stored_row_number() %}
    {#- The row's position (1 = first) in a table written with keep_file_order(true): DuckDB's
        rowid, free to read, where row_number() over () would take a window over every row (it
        doubled the parse of a 10M-row CSV). Other engines number the rows in a window. -#}
    {{- return(adapter.dispatch('stored_row_number', 'user_segmentation')()) -}}
{% endmacro %}

{% macro default__stored_row_number() %}
    row_number() over (order by monotonically_increasing_id())
{%- endmacro %}

{% macro duckdb__stored_row_number() %}
    rowid + 1
{%- endmacro %}

{% macro rows_in_model(name) %}
    {#- The rows of the model `name` in this model's schema, counted when the calling model compiles;
        0 while dbt parses or lints and when the table is not built yet (a unit test). By name, not
        ref(): an upstream model's size steers the plan without adding a dependency. -#}
    {%- if not execute or target.name == 'lint' or this is none -%}
        {{ return(0) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, name) -%}
    {%- if relation is none -%}
        {{ return(0) }}
    {%- endif -%}
    {{ return(run_query("select count(*) from " ~ relation).columns[0].values()[0] | int) }}
{% endmacro %}

{% macro duckdb_row_group_rows() %}
    {#- DuckDB's rows per row group, its unit of parallel scans: a table of at most this many rows
        is read by one thread, in its stored order. -#}
    {{ return(122880) }}
{% endmacro %}
