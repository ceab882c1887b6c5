{% macro segment_history_as_of_date(as_of_date_column) %}
    {#- The as-of date that orders the segment history: the run's as_of_date, or for a flat file
        built without one, the UTC date the build started. -#}
    coalesce({{ as_of_date_column }}, cast('{{ run_started_at.strftime("%Y-%m-%d") }}' as date))
{%- endmacro %}

{% macro this_run_as_of_date() %}
    {#- Scalar subquery: the as-of date of the run being built, segment_history_as_of_date of
        user_segments' one value (int_as_of_date_defined holds the build's UTC date where
        user_segments has none), read from one row instead of every user. -#}
    (select max(as_of_date) from {{ ref('int_as_of_date_defined') }})
{%- endmacro %}
