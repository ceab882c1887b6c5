{%- set log = event_log_config() %}

{#- One row per user with a usable event in the feature window: the event-log features with missing
    values filled (the feature's median over users, or 0 with `missing: zero`) and clipped to their
    `winsorize` quantiles. `interests` exists so the shared marts build, and stays null. -#}

with

users as (

    select * from {{ ref('int_users_event_log_aggregated') }}

),

bounds as (

    select
        {% for feature in log['numeric_features'] -%}
            percentile_cont(0.5) within group (order by {{ feature['name'] }}) as {{ feature['name'] }}__median,
            {% if feature['winsorize'] -%}
                percentile_cont({{ feature['winsorize'][0] }}) within group (order by {{ feature['name'] }})
                    as {{ feature['name'] }}__low,
                percentile_cont({{ feature['winsorize'][1] }}) within group (order by {{ feature['name'] }})
                    as {{ feature['name'] }}__high,
            {% endif -%}
        {% endfor -%}
        count(*) as users
    from users

),

final as (

    select
        users.user_id,
        {% for feature in log['numeric_features'] -%}
            {%- if feature['missing'] == 'zero' -%}
                {%- set filled = 'coalesce(users.' ~ feature['name'] ~ ', 0)' -%}
            {%- else -%}
                {%- set filled = 'coalesce(users.' ~ feature['name'] ~ ', bounds.' ~ feature['name'] ~ '__median)' -%}
            {%- endif -%}
            {%- if feature['winsorize'] %}
                least(greatest({{ filled }}, bounds.{{ feature['name'] }}__low), bounds.{{ feature['name'] }}__high)
                    as {{ feature['name'] }},
            {%- else %}
                {{ filled }} as {{ feature['name'] }},
            {%- endif %}
        {% endfor -%}
        cast(null as {{ dbt.type_string() }}) as interests,
        users.last_seen_at
    from users
    cross join bounds

)

select * from final
