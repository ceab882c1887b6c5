{#- One row per raw CSV row that broke a rule: where it came from, the rule and the raw value. -#}

with

validated as (

    select * from {{ ref('stg_flat_profiles__user_profiles_validated') }}

),

final as (

    select
        'flat_profiles.user_profiles' as source_name,
        source_file,
        source_row_number,
        raw_user_id as record_id,
        quarantine_reason,
        quarantine_column,
        case quarantine_column
            {% for column in flat_profile_columns().values() %}
                when '{{ column }}' then raw_{{ column }}
            {% endfor %}
        end as raw_value
    from validated
    where quarantine_reason is not null

)

select * from final
