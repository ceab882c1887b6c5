{#- One row per user: segment id and name, distance to the centre, membership probability, and
    whether the user is an outlier or noise (see int_user_segments_named). On DuckDB a view: the
    scored table joined to a few rows per segment; a copy of 10M users took 6.3 s per build, and BI
    tools read the published release (user-segmentation publish), which stores it as a table. -#}
{{ config(materialized='view' if target.type == 'duckdb' else 'table') }}

select * from {{ ref('int_user_segments_named') }}
