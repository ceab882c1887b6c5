{{ config(
    materialized='table',
    pre_hook="{{ keep_file_order(true) }}",
    post_hook="{{ keep_file_order(false) }}",
) }}
-- depends_on: {{ ref('category_bands') }}
{{ require_input_files(var('profiles_csv_path'), 'profiles_csv_path') }}
{{ require_input_columns(
    'csv', var('profiles_csv_path'), 'profiles_csv_path', 'flat_profiles.user_profiles',
    flat_profile_columns().keys() | list
) }}

{#- One row per raw CSV row (read as text), typed with try_cast, with the first row rule it
    breaks in row_rule_broken and row_rule_column (null = passes): a missing or malformed id, an
    age or income band not in the seed category_bands, a missing, non-numeric or non-finite
    number, a CTR or conversion rate outside 0-1, more than 24 hours online per day (the hours
    columns are per day), another negative number. A table written in the file's row order
    (keep_file_order, so no join here: the bands are a list), so the CSV is parsed once and
    stored_row_number() is each row's line without a window over every row. The raw text is kept
    for an id that is not the id as text (record_id of a repeated id) and, in raw_value, for the
    value of a row that breaks a rule. Repeated ids: stg_flat_profiles__user_profiles_repeated. -#}

{%- set numeric_columns = ['weekday_hours', 'weekend_hours', 'likes_reactions', 'followed_accounts',
    'ctr', 'conversion_rate', 'ad_interaction_s'] -%}
{%- set rate_columns = ['ctr', 'conversion_rate'] -%}
{%- set hours_per_day_columns = ['weekday_hours', 'weekend_hours'] -%}

with

source as (

    select * from {{ source('flat_profiles', 'user_profiles') }}

),

raw_renamed as (

    select
        filename as source_file,
        {% for csv_column, column in flat_profile_columns().items() %}
            "{{ csv_column }}" as raw_{{ column }},
        {% endfor %}

    from source

),

typed as (

    select
        *,
        {{ try_cast_whole_number('raw_user_id') }} as user_id,
        trim(raw_age_band) as age_band,
        trim(raw_gender) as gender,
        trim(raw_income_band) as income_band,
        trim(raw_location) as location,
        trim(raw_language) as language,
        trim(raw_education) as education,
        trim(raw_device) as device,
        trim(raw_interests) as interests,
        {% for column in numeric_columns %}
            try_cast(raw_{{ column }} as double) as {{ column }},
        {% endfor %}
    from raw_renamed

),

rules_applied as (

    select
        typed.*,
        case
            when typed.raw_user_id is null then 'missing_user_id:user_id'
            when typed.user_id is null or typed.user_id <= 0 then 'malformed_user_id:user_id'
            when typed.age_band not in ('{{ seeded_bands('age_band') | join("', '") }}')
                then 'unknown_age_band:age_band'
            when typed.income_band not in ('{{ seeded_bands('income_band') | join("', '") }}')
                then 'unknown_income_band:income_band'
            {% for column in numeric_columns %}
                when typed.raw_{{ column }} is null then 'missing_value:{{ column }}'
                when typed.{{ column }} is null then 'non_numeric_value:{{ column }}'
                when isnan(typed.{{ column }}) or isinf(typed.{{ column }}) then 'non_finite_value:{{ column }}'
            {% endfor %}
            {% for column in rate_columns %}
                when typed.{{ column }} not between 0 and 1 then 'rate_out_of_range:{{ column }}'
            {% endfor %}
            {% for column in hours_per_day_columns %}
                when typed.{{ column }} > 24 then 'impossible_hours_per_day:{{ column }}'
            {% endfor %}
            {% for column in numeric_columns %}
                when typed.{{ column }} < 0 then 'negative_value:{{ column }}'
            {% endfor %}
        end as rule_and_column
    from typed

),

final as (

    select
        source_file,
        {% for column in flat_profile_columns().values() %}
            {{ column }},
        {% endfor %}
        split_part(rule_and_column, ':', 1) as row_rule_broken,
        split_part(rule_and_column, ':', 2) as row_rule_column,
        {{ raw_id_kept() }} as raw_user_id,
        case split_part(rule_and_column, ':', 2)
            {% for column in flat_profile_columns().values() %}
                when '{{ column }}' then raw_{{ column }}
            {% endfor %}
        end as raw_value
    from rules_applied

)

select * from final
