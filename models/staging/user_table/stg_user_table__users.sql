{%- set user_table = user_table_config() %}

{#- One row per usable user of the configured user table (the others are in
    stg_user_table__users_quarantined): the id (integer or text, as the input has it) and each
    configured feature under its column-safe name, numeric features as double (derived where
    configured), categorical features as trimmed text (empty strings become null). -#}

with

validated as (

    select * from {{ ref('stg_user_table__users_validated') }}

),

final as (

    select
        user_id,
        {% for feature in user_table['categorical_features'] + user_table['numeric_features'] -%}
            {{ feature['name'] }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from validated
    where quarantine_reason is null

)

select * from final
