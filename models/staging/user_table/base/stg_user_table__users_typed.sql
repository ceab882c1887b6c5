{{ config(
    materialized='table',
    pre_hook="{{ keep_file_order(true) }}",
    post_hook="{{ keep_file_order(false) }}",
) }}
{%- set user_table = user_table_config() %}
{%- if user_table['path'] %}
    {{ require_input_files(user_table['path'], 'user_table.path') }}
    {%- set expected_columns = [] if user_table['row_ids'] else [user_table['id_column']] %}
    {%- for feature in user_table['numeric_features'] + user_table['categorical_features'] %}
        {%- do expected_columns.append(feature['column']) %}
    {%- endfor %}
    {{ require_input_columns(
        'parquet' if user_table['path'].lower().endswith('.parquet') else 'csv',
        user_table['path'], 'user_table.path', 'user_table.users', expected_columns,
        header=user_table['header'], delimiter=user_table['delimiter'],
        column_names=user_table['column_names'], encoding=user_table['encoding'],
    ) }}
{%- endif %}
{%- set id_type = user_table_id_type() %}
{%- set numeric = user_table['numeric_features'] %}
{%- set dated = numeric | selectattr('derive', 'equalto', 'days_since') | list %}
{%- set source_file = user_table['path'] or user_table['relation'] or (user_table['source'] or []) | join('.') %}

{#- One row per row of the configured user table (a file, a host model or a source), read once:
    every configured column as raw text, then typed (the id keeps its type, integer or text;
    numeric features parsed and derived: days since a date, age from a birth year), with the
    first row rule it breaks in row_rule_broken and row_rule_column (null = passes): a missing or
    malformed id, a value that does not parse, a non-finite number, a value outside the feature's
    `range`. A table written in the input's row order (keep_file_order: no join or window here),
    so stored_row_number() is each row's position without a window over every row, and every
    reader and test reads the typed rows instead of parsing the input again. The raw text is kept
    for an id that is not the id as text and, in raw_value, for the value of a row that breaks a
    rule. Repeated ids:
    stg_user_table__users_repeated. -#}

with

source as (

    select * from {{ user_table_relation() }}

),

raw_renamed as (

    select
        {% if user_table['row_ids'] -%}
            {#- row_ids: each row is one user, numbered in input order (the reader keeps it here:
                keep_file_order), as the row numbers of the quarantine are. -#}
            cast(row_number() over () as {{ dbt.type_string() }}) as raw_user_id,
        {%- else -%}
            {{ text_or_null(adapter.quote(user_table['id_column'])) }} as raw_user_id,
        {%- endif %}
        {% for feature in user_table['categorical_features'] + numeric -%}
            {{ text_or_null_unless_coded(
                adapter.quote(feature['column']), feature.get('missing_values'), feature.get('keep_values')
            ) }}
                as {{ feature['name'] }}__raw{% if not loop.last %},{% endif %}
        {% endfor %}
    from source

),

parsed as (

    select
        *,
        {% if id_type == 'integer' -%}
            {{ try_cast_whole_number('raw_user_id') }} as user_id,
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
            {%- if user_table['path'] and user_table['header'] and not user_table['row_ids']
                and not user_table['path'].lower().endswith('.parquet') %}
                {#- Exports concatenated with their headers: a line that repeats the id's name. -#}
                when trim(raw_user_id) = {{ sql_text(user_table['id_column']) }} then 'repeated_header:user_id'
            {%- endif %}
            when user_id is null then 'malformed_user_id:user_id'
            {%- if id_type != 'integer' %}
                when {{ is_summary_label('raw_user_id') }} then 'summary_row:user_id'
            {%- endif %}
            {% for feature in numeric -%}
                {%- set name = feature['name'] %}
                {%- set unparsed = {'days_since': 'unparseable_date', 'rank': 'value_not_in_order'}.get(
                    feature['derive'], 'non_numeric_value') %}
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

final as (

    select
        source_file,
        user_id,
        {% for feature in user_table['categorical_features'] + numeric -%}
            {{ feature['name'] }},
        {% endfor -%}
        as_of_date,
        split_part(rule_and_column, ':', 1) as row_rule_broken,
        split_part(rule_and_column, ':', 2) as row_rule_column,
        {{ raw_id_kept() }} as raw_user_id,
        case split_part(rule_and_column, ':', 2)
            when 'user_id' then raw_user_id
            {% for feature in numeric -%}
                when '{{ feature['name'] }}' then {{ feature['name'] }}__raw
            {% endfor -%}
        end as raw_value
    from rules_applied

)

select * from final
