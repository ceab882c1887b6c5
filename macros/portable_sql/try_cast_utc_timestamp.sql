{% macro try_cast_utc_timestamp(column) %}
    {#- A timestamp text or value as the UTC wall clock; null when it does not parse. -#}
    {{- return(adapter.dispatch('try_cast_utc_timestamp', 'user_segmentation')(column)) -}}
{% endmacro %}

{% macro default__try_cast_utc_timestamp(column) %}
    {{- utc_timestamp('try_cast(' ~ column ~ ' as timestamptz)') -}}
{% endmacro %}

{% macro spark__try_cast_utc_timestamp(column) %}
    {#- The session time zone is UTC (profiles.yml), so Spark's timestamp shows the UTC wall clock. -#}
    try_cast({{ column }} as timestamp)
{%- endmacro %}
