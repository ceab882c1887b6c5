{#- A table: the accepted users, the quarantine, the events' user check and their tests read it.
    Numbering the copies of a repeated user id sorts all users; it runs only when some id repeats
    (macro ids_may_repeat). -#}
{{ config(materialized='table') }}
{%- set attribute_columns = [
    'gender', 'income_band', 'location', 'language', 'education', 'device', 'interests'
] %}
{{ require_input_files(var('raw_data_path') ~ '/' ~ var('users_glob'), 'raw_data_path') }}
{{ require_input_columns(
    'parquet', var('raw_data_path') ~ '/' ~ var('users_glob'), 'raw_data_path', 'app.users',
    ['user_id', 'birth_year'] + attribute_columns
) }}
{%- set user_id_type = column_type_of(source('app', 'users'), 'user_id') %}

{#- One row per raw user row, typed with try_cast, with the first rule the row breaks in
    quarantine_reason (null = usable): a missing or malformed id, a repeated id (the first usable
    copy by file and row is kept), a birth year that is text or impossible (in the future or more
    than 120 years ago at load time), an income band not in the seed category_bands. -#}

with

source as (

    select * from {{ source('app', 'users') }}

),

income_bands as (

    select band from {{ ref('category_bands') }}
    where attribute = 'income_band'

),

typed as (

    select
        cast(filename as {{ dbt.type_string() }}) as source_file,
        file_row_number + 1 as source_row_number,
        -- The raw values as read (any type): formatted as text for broken rows only (final), as
        -- the events are; formatting and storing three texts per user took ~3 s at 11.9M users.
        user_id as raw_user_id,
        birth_year as raw_birth_year,
        income_band as raw_income_band,
        {{ try_cast_whole_number('user_id', user_id_type) }} as user_id,
        trim(cast(gender as {{ dbt.type_string() }})) as gender,
        trim(cast(income_band as {{ dbt.type_string() }})) as income_band,
        trim(cast(location as {{ dbt.type_string() }})) as location,
        trim(cast(language as {{ dbt.type_string() }})) as language,
        trim(cast(education as {{ dbt.type_string() }})) as education,
        trim(cast(device as {{ dbt.type_string() }})) as device,
        trim(cast(interests as {{ dbt.type_string() }})) as interests,
        try_cast(birth_year as integer) as birth_year

    from source

),

rules_applied as (

    select
        typed.*,
        case
            when typed.raw_user_id is null then 'missing_user_id'
            when typed.user_id is null or typed.user_id <= 0 then 'malformed_user_id'
            when typed.raw_birth_year is not null and typed.birth_year is null then 'non_numeric_birth_year'
            when
                typed.birth_year > extract(year from {{ run_started_at_timestamp() }})
                or typed.birth_year < extract(year from {{ run_started_at_timestamp() }}) - 120
                then 'impossible_birth_year'
            when typed.income_band is not null and income_bands.band is null then 'unknown_income_band'
        end as row_rule_broken
    from typed
    left join income_bands on typed.income_band = income_bands.band

),

copies_numbered as (

    select
        *,
        {% set typed_user_id = try_cast_whole_number('user_id', user_id_type) %}
        {% if ids_may_repeat(source('app', 'users'), typed_user_id, relation_is_model=false) %}
            row_number() over (
                partition by user_id, row_rule_broken is null
                order by source_file, source_row_number
            )
        {% else %}
            {#- A bitmap count proved every user id distinct: numbering them would sort every user
                with all columns (56 s and most of DuckDB's memory at 11.9M users). -#}
            1
        {% endif %} as copy_number
    from rules_applied

),

reasons_assigned as (

    select
        *,
        coalesce(
            row_rule_broken, case when copy_number > 1 then 'duplicate_user_id' end
        ) as quarantine_reason
    from copies_numbered

),

final as (

    select
        source_file,
        source_row_number,
        user_id,
        {% for column in attribute_columns %}
            {{ column }},
        {% endfor %}
        birth_year,
        row_rule_broken,
        copy_number,
        quarantine_reason,
        case quarantine_reason
            when 'missing_user_id' then 'user_id'
            when 'malformed_user_id' then 'user_id'
            when 'duplicate_user_id' then 'user_id'
            when 'non_numeric_birth_year' then 'birth_year'
            when 'impossible_birth_year' then 'birth_year'
            when 'unknown_income_band' then 'income_band'
        end as quarantine_column,
        {% for column in ['user_id', 'birth_year', 'income_band'] %}
            case
                when quarantine_reason is not null then cast(raw_{{ column }} as {{ dbt.type_string() }})
            end as raw_{{ column }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from reasons_assigned

)

select * from final
