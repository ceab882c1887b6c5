{% macro undated_event_at() %}
    {#- The time of every row of an undated log (event_log.undated: true): the start of the as-of
        day (var as_of_date, else the day the build started), so the whole log is in the window
        and the as-of date is that day. -#}
    {%- set day = var('as_of_date') or run_started_at.strftime('%Y-%m-%d') -%}
    cast('{{ day }} 00:00:00' as timestamp)
{%- endmacro %}
