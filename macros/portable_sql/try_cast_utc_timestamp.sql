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

{% macro try_parse_utc_timestamp(column, timestamp_format) %}
    {#- A timestamp column as the UTC wall clock, read with timestamp_format: none (ISO text or a
        timestamp value, as try_cast_utc_timestamp), epoch_seconds, epoch_milliseconds,
        epoch_microseconds (GA4's event_timestamp), excel_serial (a spreadsheet's day number:
        days since 1899-12-30, the fraction the time of day), or a
        strptime format such as '%Y%m%d' or '%m/%d/%Y %H:%M'; null when a value does not parse. -#}
    {{- return(adapter.dispatch('try_parse_utc_timestamp', 'user_segmentation')(column, timestamp_format)) -}}
{% endmacro %}

{% macro default__try_parse_utc_timestamp(column, timestamp_format) %}
    {%- if not timestamp_format -%}
        {{ try_cast_utc_timestamp(column) }}
    {%- elif timestamp_format == 'epoch_seconds' -%}
        {{ utc_timestamp('to_timestamp(try_cast(' ~ column ~ ' as double))') }}
    {%- elif timestamp_format == 'epoch_milliseconds' -%}
        epoch_ms(try_cast({{ column }} as bigint))
    {%- elif timestamp_format == 'epoch_microseconds' -%}
        make_timestamp(try_cast({{ column }} as bigint))
    {%- elif timestamp_format == 'excel_serial' -%}
        {#- 25569 days from 1899-12-30 (Excel's day 0) to 1970-01-01. -#}
        make_timestamp(cast(round((try_cast({{ column }} as double) - 25569) * 86400000000) as bigint))
    {%- elif '%z' in timestamp_format or '%Z' in timestamp_format -%}
        {#- A time with its offset (Twitter's -0700) is a timestamptz: as the UTC wall clock. -#}
        {{ utc_timestamp('try_strptime(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '), '
            ~ sql_text(timestamp_format) ~ ')') }}
    {%- else -%}
        try_strptime(cast({{ column }} as {{ dbt.type_string() }}), {{ sql_text(timestamp_format) }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__try_parse_utc_timestamp(column, timestamp_format) %}
    {%- if timestamp_format -%}
        {{ exceptions.raise_compiler_error(
            "event_log: timestamp_format is read by DuckDB's strptime; on Spark, give the timestamp "
            ~ "as ISO text (YYYY-MM-DD HH:MM:SS) or a timestamp column.") }}
    {%- endif -%}
    {{ try_cast_utc_timestamp(column) }}
{%- endmacro %}
