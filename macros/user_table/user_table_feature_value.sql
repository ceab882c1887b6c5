{% macro user_table_parsed_value(feature, raw_value) %}
    {#- The raw text of a numeric feature parsed: a date for derive days_since or years_since (ISO text, or the
        feature's `format`: a strptime format, epoch_seconds, epoch_milliseconds or
        epoch_microseconds or excel_serial), the position in `order` for derive rank, else a
        double;
        null when it does not parse (the validated model quarantines those rows). -#}
    {%- if feature['derive'] == 'rank' -%}
        {{ answer_rank(raw_value, feature['order']) }}
    {%- elif feature['derive'] in ['days_since', 'years_since'] and feature.get('format') -%}
        cast({{ try_parse_utc_timestamp(raw_value, feature['format']) }} as date)
    {%- elif feature['derive'] in ['days_since', 'years_since'] -%}
        cast({{ try_cast(raw_value, 'timestamp') }} as date)
    {%- elif feature.get('number_format', 'plain') != 'plain' -%}
        {{ try_cast(number_text(raw_value, feature['number_format']), 'double') }}
    {%- else -%}
        {{ try_cast(raw_value, 'double') }}
    {%- endif -%}
{% endmacro %}

{% macro user_table_derived_value(feature, parsed_value, as_of_date) %}
    {#- The value a numeric feature clusters on: days from the date to as_of_date (days_since),
        years (of 365.25 days) from it (years_since: an age from a date of birth), the age
        reached in the year of as_of_date (age_from_birth_year), or the parsed number. -#}
    {%- if feature['derive'] == 'days_since' -%}
        cast({{ dbt.datediff(parsed_value, as_of_date, 'day') }} as double)
    {%- elif feature['derive'] == 'years_since' -%}
        cast({{ dbt.datediff(parsed_value, as_of_date, 'day') }} as double) / 365.25
    {%- elif feature['derive'] == 'age_from_birth_year' -%}
        cast(extract(year from {{ as_of_date }}) as double) - {{ parsed_value }}
    {%- else -%}
        {{ parsed_value }}
    {%- endif -%}
{% endmacro %}
