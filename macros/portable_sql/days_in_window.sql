{% macro days_in_window(start_date, end_date) %}
    {#- One row per calendar day from start_date to end_date inclusive, as column day_date. -#}
    {{- return(adapter.dispatch('days_in_window', 'user_segmentation')(start_date, end_date)) -}}
{% endmacro %}

{% macro default__days_in_window(start_date, end_date) %}
    select cast(unnest(generate_series(
        cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 day
    )) as date) as day_date
{%- endmacro %}

{% macro spark__days_in_window(start_date, end_date) %}
    select explode(sequence(cast({{ start_date }} as date), cast({{ end_date }} as date))) as day_date
{%- endmacro %}
