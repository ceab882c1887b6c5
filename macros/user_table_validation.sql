{% macro user_table_id_type() %}
    {#- The type user ids keep through staging: `user_table.id_type` when it is integer or text;
        with auto (the default), integer when every non-empty id of the input is a whole number,
        else text (UUIDs, e-mail-like keys, codes such as C-00017). Text while parsing. -#}
    {%- set config = user_table_config() -%}
    {%- if config['id_type'] != 'auto' -%}
        {{ return(config['id_type']) }}
    {%- endif -%}
    {%- if not execute or target.name == 'lint' or model.resource_type != 'model' -%}
        {{ return('text') }}
    {%- endif -%}
    {%- set raw_id = 'trim(cast(' ~ adapter.quote(config['id_column']) ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {%- set not_whole = run_query(
        'select count(*) from ' ~ user_table_relation() ~ ' where ' ~ raw_id ~ " != '' and "
        ~ user_table_try_cast(raw_id, 'bigint') ~ ' is null'
    ).rows[0][0] -%}
    {{ return('integer' if not_whole == 0 else 'text') }}
{% endmacro %}

{% macro user_table_parsed_value(feature, raw_value) %}
    {#- The raw text of a numeric feature parsed: a date for derive days_since, else a double;
        null when it does not parse (the validated model quarantines those rows). -#}
    {%- if feature['derive'] == 'days_since' -%}
        cast({{ user_table_try_cast(raw_value, 'timestamp') }} as date)
    {%- else -%}
        {{ user_table_try_cast(raw_value, 'double') }}
    {%- endif -%}
{% endmacro %}

{% macro user_table_derived_value(feature, parsed_value, as_of_date) %}
    {#- The value a numeric feature clusters on: days from the date to as_of_date (days_since),
        the age reached in the year of as_of_date (age_from_birth_year), or the parsed number. -#}
    {%- if feature['derive'] == 'days_since' -%}
        cast({{ dbt.datediff(parsed_value, as_of_date, 'day') }} as double)
    {%- elif feature['derive'] == 'age_from_birth_year' -%}
        cast(extract(year from {{ as_of_date }}) as double) - {{ parsed_value }}
    {%- else -%}
        {{ parsed_value }}
    {%- endif -%}
{% endmacro %}

{% macro user_table_range_condition(feature, value) %}
    {#- True when value lies outside the feature's `range: [min, max]` (a null bound is open). -#}
    {%- set bounds = feature['range'] -%}
    {%- set conditions = [] -%}
    {%- if bounds[0] is not none -%}
        {%- do conditions.append(value ~ ' < ' ~ bounds[0]) -%}
    {%- endif -%}
    {%- if bounds[1] is not none -%}
        {%- do conditions.append(value ~ ' > ' ~ bounds[1]) -%}
    {%- endif -%}
    {{ return('(' ~ (conditions | join(' or ') or 'false') ~ ')') }}
{% endmacro %}

{% macro user_table_try_cast(expression, data_type) %}
    {#- expression cast to data_type, null when it does not convert (dbt.safe_cast is a plain cast
        on DuckDB, which fails the whole query on the first bad value). DuckDB and Spark both
        spell it try_cast. -#}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
