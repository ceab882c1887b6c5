{% macro checked_timezone(raw, config_name) %}
    {#- The `timezone` of a config: the IANA name of the zone whose clock gives an event's hour,
        day and weekday (Asia/Shanghai, America/New_York, Etc/GMT-8 for a fixed UTC+8), or a
        column of each event's offset from UTC ({offset_minutes: timezoneOffset}, offset_hours,
        offset_seconds), or none to read every time as UTC. Stops the build when DuckDB does not
        know the zone. -#}
    {%- set zone = raw.get('timezone') -%}
    {%- if zone is none or zone in ['UTC', 'Etc/UTC'] -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if zone is mapping -%}
        {%- set units = {'offset_minutes': 'minute', 'offset_hours': 'hour', 'offset_seconds': 'second'} -%}
        {%- set given = zone.keys() | list -%}
        {%- if given | length != 1 or given[0] not in units or zone[given[0]] is not string -%}
            {{ exceptions.raise_compiler_error(
                config_name ~ ": timezone as a column names one column of each event's offset from "
                ~ "UTC: {offset_minutes: COLUMN} (Foursquare's timezoneOffset), offset_hours or "
                ~ "offset_seconds; got " ~ tojson(zone) ~ ".") }}
        {%- endif -%}
        {{ return({'offset_column': zone[given[0]], 'offset_unit': units[given[0]]}) }}
    {%- endif -%}
    {%- if zone is not string or not zone -%}
        {{ exceptions.raise_compiler_error(
            config_name ~ ": timezone must be the name of a time zone (e.g. Asia/Shanghai, "
            ~ "America/New_York, Etc/GMT-8 for UTC+8), got " ~ tojson(zone) ~ ".") }}
    {%- endif -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set known = run_query("select count(*) from pg_timezone_names() where name = "
            ~ sql_text(zone)).columns[0].values()[0] -%}
        {%- if known == 0 -%}
            {{ exceptions.raise_compiler_error(
                config_name ~ ": timezone " ~ tojson(zone) ~ " is not a time zone DuckDB knows; use an "
                ~ "IANA name such as Asia/Shanghai, America/New_York or Europe/Berlin (Etc/GMT-8 for "
                ~ "a fixed UTC+8: the sign of an Etc/GMT zone is reversed).") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(zone) }}
{% endmacro %}

{% macro fixed_utc_offset_hours(zone) %}
    {#- The hours east of UTC of a fixed-offset zone named Etc/GMT+N or Etc/GMT-N (whose sign is
        reversed: Etc/GMT-8 is UTC+8), else none. -#}
    {%- set match = modules.re.fullmatch('Etc/GMT([+-])([0-9]{1,2})', zone or '') -%}
    {%- if not match -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return((-1 if match.group(1) == '+' else 1) * (match.group(2) | int)) }}
{% endmacro %}

{% macro local_wall_clock(expression, zone) %}
    {#- A timestamp holding the UTC wall clock as the wall clock of `zone` (unchanged when none),
        or, for a zone of an offset column, plus each row's offset (none or not a number: UTC). -#}
    {%- if not zone -%}
        {{ return(expression) }}
    {%- endif -%}
    {%- if zone is mapping -%}
        {%- set offset = try_cast(adapter.quote(zone['offset_column']), 'double') -%}
        {#- Hours may be fractional (India's 5.5): added as minutes. -#}
        {%- set unit, scale = ('minute', ' * 60') if zone['offset_unit'] == 'hour' else (zone['offset_unit'], '') -%}
        {{ return(dbt.dateadd(unit, 'cast(coalesce(round(' ~ offset ~ scale ~ '), 0) as integer)', expression)) }}
    {%- endif -%}
    {{- return(adapter.dispatch('local_wall_clock', 'user_segmentation')(expression, zone)) -}}
{% endmacro %}

{% macro default__local_wall_clock(expression, zone) %}
    {%- set offset = fixed_utc_offset_hours(zone) -%}
    {%- if offset is not none -%}
        {#- A fixed offset is an addition: no time zone lookup per row. -#}
        ({{ expression }} + to_hours({{ offset }}))
    {%- else -%}
        timezone({{ sql_text(zone) }}, timezone('UTC', {{ expression }}))
    {%- endif -%}
{%- endmacro %}

{% macro spark__local_wall_clock(expression, zone) %}
    from_utc_timestamp({{ expression }}, {{ sql_text(zone) }})
{%- endmacro %}
