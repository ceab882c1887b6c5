{{ config(materialized='table') }}
{{ require_input_files(var('profiles_csv_path'), 'profiles_csv_path') }}
{{ require_input_columns(
    'csv', var('profiles_csv_path'), 'profiles_csv_path', 'flat_profiles.user_profiles',
    flat_profile_columns().keys() | list
) }}

{#- One row per raw CSV row (read as text), typed with try_cast, with the first rule the row breaks
    in quarantine_reason (null = usable): a missing or malformed id, an age or income band not in
    the seed category_bands, a missing, non-numeric or non-finite number, a CTR or conversion rate
    outside 0-1, more than 24 hours online per day (the hours columns are per day), another
    negative number, a repeated id (the first usable copy is kept). A table, so the CSV is parsed
    once: every reader and test reads the typed columns; the raw text of a row is kept only when
    the row is quarantined (record_id, raw_value). -#}

{%- set numeric_columns = ['weekday_hours', 'weekend_hours', 'likes_reactions', 'followed_accounts',
    'ctr', 'conversion_rate', 'ad_interaction_s'] -%}
{%- set rate_columns = ['ctr', 'conversion_rate'] -%}
{%- set hours_per_day_columns = ['weekday_hours', 'weekend_hours'] -%}

with

source as (

    select * from {{ source('flat_profiles', 'user_profiles') }}

),

bands as (

    select * from {{ ref('category_bands') }}

),

raw_renamed as (

    select
        filename as source_file,
        row_number() over () as source_row_number,
        {% for csv_column, column in flat_profile_columns().items() %}
            "{{ csv_column }}" as raw_{{ column }},
        {% endfor %}

    from source

),

typed as (

    select
        *,
        try_cast(raw_user_id as bigint) as user_id,
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
            when typed.age_band is not null and age_bands.band is null then 'unknown_age_band:age_band'
            when typed.income_band is not null and income_bands.band is null
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
    left join bands as age_bands
        on
            age_bands.attribute = 'age_band'
            and typed.age_band = age_bands.band
    left join bands as income_bands
        on
            income_bands.attribute = 'income_band'
            and typed.income_band = income_bands.band

),

reasons as (

    {{ first_rule_or_repeated_id('rules_applied') }}

),

final as (

    select
        source_file,
        source_row_number,
        user_id,
        age_band,
        gender,
        income_band,
        location,
        language,
        education,
        device,
        interests,
        {% for column in numeric_columns %}
            {{ column }},
        {% endfor %}
        quarantine_reason,
        quarantine_column,
        case when quarantine_reason is not null then raw_user_id end as record_id,
        case quarantine_column
            {% for column in flat_profile_columns().values() %}
                when '{{ column }}' then raw_{{ column }}
            {% endfor %}
        end as raw_value
    from reasons

)

select * from final
