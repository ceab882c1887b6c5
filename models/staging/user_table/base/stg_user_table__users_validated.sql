{{ config(materialized='table') }}
{%- set user_table = user_table_config() %}
{%- if user_table['path'] %}
    {{ require_input_files(user_table['path'], 'user_table.path') }}
    {%- set expected_columns = [user_table['id_column']] %}
    {%- for feature in user_table['numeric_features'] + user_table['categorical_features'] %}
        {%- do expected_columns.append(feature['column']) %}
    {%- endfor %}
    {{ require_input_columns(
        'parquet' if user_table['path'].endswith('.parquet') else 'csv',
        user_table['path'], 'user_table.path', 'user_table.users', expected_columns
    ) }}
{%- endif %}
{%- set id_type = user_table_id_type() %}
{%- set numeric = user_table['numeric_features'] %}
{%- set dated = numeric | selectattr('derive', 'equalto', 'days_since') | list %}
{%- set source_file = user_table['path'] or user_table['relation'] or (user_table['source'] or []) | join('.') %}

{#- One row per row of the configured user table (a file, a host model or a source), read once:
    every configured column as raw text, then typed (the id keeps its type, integer or text;
    numeric features parsed and derived: days since a date, age from a birth year), with the
    first rule the row breaks in quarantine_reason (null = usable): a missing or malformed id, a
    value that does not parse, a non-finite number, a value outside the feature's `range`, a
    repeated id (the first usable copy is kept). A table, so every reader and test reads the
    typed rows instead of parsing the input again; the raw text of a row is kept only when the
    row is quarantined (record_id, raw_value). -#}

with

source as (

    select * from {{ user_table_relation() }}

),

raw_renamed as (

    select
        row_number() over () as source_row_number,
        nullif(trim(cast({{ adapter.quote(user_table['id_column']) }} as {{ dbt.type_string() }})), '')
            as raw_user_id,
        {% for feature in user_table['categorical_features'] + numeric -%}
            nullif(trim(cast({{ adapter.quote(feature['column']) }} as {{ dbt.type_string() }})), '')
                as {{ feature['name'] }}__raw{% if not loop.last %},{% endif %}
        {% endfor %}
    from source

),

parsed as (

    select
        *,
        {% if id_type == 'integer' -%}
            {{ try_cast('raw_user_id', 'bigint') }} as user_id,
        {%- else -%}
            raw_user_id as user_id,
        {%- endif %}
        {% for feature in numeric -%}
            {{ user_table_parsed_value(feature, feature['name'] ~ '__raw') }}
                as {{ feature['name'] }}__parsed{% if not loop.last %},{% endif %}
        {% endfor %}
    from raw_renamed

),

as_of as (

    {#- The day derived features are measured at: var as_of_date, else the newest date of the
        days_since columns (never the wall clock while there is one), else the build date. -#}
    {%- if var('as_of_date') %}
        select cast('{{ var('as_of_date') }}' as date) as as_of_date
    {%- elif dated %}
        select max(feature_date) as as_of_date
        from (
            {% for feature in dated -%}
                select {{ feature['name'] }}__parsed as feature_date from parsed
                {% if not loop.last %}union all{% endif %}
            {% endfor %}
        ) as dates
    {%- else %}
        select current_date as as_of_date
    {%- endif %}

),

derived as (

    select
        parsed.*,
        {% for feature in user_table['categorical_features'] -%}
            parsed.{{ feature['name'] }}__raw as {{ feature['name'] }},
        {% endfor -%}
        {% for feature in numeric -%}
            {%- set parsed_value = 'parsed.' ~ feature['name'] ~ '__parsed' %}
            {{ user_table_derived_value(feature, parsed_value, 'as_of.as_of_date') }} as {{ feature['name'] }},
        {% endfor -%}
        as_of.as_of_date
    from parsed
    cross join as_of

),

rules_applied as (

    select
        *,
        '{{ source_file }}' as source_file,
        case
            when raw_user_id is null then 'missing_user_id:user_id'
            when user_id is null then 'malformed_user_id:user_id'
            {% for feature in numeric -%}
                {%- set name = feature['name'] %}
                {%- set unparsed = 'unparseable_date' if feature['derive'] == 'days_since' else 'non_numeric_value' %}
                when {{ name }}__raw is not null and {{ name }}__parsed is null then '{{ unparsed }}:{{ name }}'
                {%- if feature['derive'] != 'days_since' %}
                    when {{ is_non_finite(name ~ '__parsed') }} then 'non_finite_value:{{ name }}'
                {%- endif %}
                {%- if feature['range'] %}
                    when {{ user_table_range_condition(feature, name) }} then 'out_of_range:{{ name }}'
                {%- endif %}
            {% endfor %}
        end as rule_and_column
    from derived

),

reasons as (

    {{ first_rule_or_repeated_id('rules_applied') }}

),

final as (

    select
        source_file,
        source_row_number,
        user_id,
        {% for feature in user_table['categorical_features'] + numeric -%}
            {{ feature['name'] }},
        {% endfor -%}
        as_of_date,
        quarantine_reason,
        quarantine_column,
        case when quarantine_reason is not null then raw_user_id end as record_id,
        case quarantine_column
            when 'user_id' then raw_user_id
            {% for feature in numeric -%}
                when '{{ feature['name'] }}' then {{ feature['name'] }}__raw
            {% endfor -%}
        end as raw_value
    from reasons

)

select * from final
