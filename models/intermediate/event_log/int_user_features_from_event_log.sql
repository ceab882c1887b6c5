{%- set log = event_log_config() %}

{#- One row per user with a usable event in the feature window: the event-log features with missing
    values filled (the feature's median over users, or 0 with `missing: zero`) and clipped to their
    `winsorize` quantiles. `interests` exists so the shared marts build, and stays null. -#}

with

users as (

    select * from {{ ref('int_users_event_log_aggregated') }}

),

bounds as (

    select * from {{ ref('int_event_log_bounds_computed') }}

),

final as (

    select
        users.user_id,
        {% for feature in log['numeric_features'] -%}
            {{ filled_and_clipped(feature, 'users', 'bounds') }} as {{ feature['name'] }},
        {% endfor -%}
        cast(null as {{ dbt.type_string() }}) as interests,
        users.last_seen_at
    from users
    cross join bounds

)

select * from final
