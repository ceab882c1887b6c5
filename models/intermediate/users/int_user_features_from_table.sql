{{ config(enabled=var('user_source') == 'table') }}
{%- set user_table = user_table_config() %}

{#- One row per user of the configured table: numeric features with missing values filled (the
    column median, or 0 with `missing: zero`) and clipped to their `winsorize` quantiles;
    categorical features as given. `interests` and `last_seen_at` exist so the shared marts
    build, and stay null. -#}

with

users as (

    select * from {{ ref('stg_user_table__users') }}

),

bounds as (

    select
        {% for feature in user_table['numeric_features'] -%}
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
        {% for feature in user_table['categorical_features'] -%}
            users.{{ feature['name'] }},
        {% endfor -%}
        {% for feature in user_table['numeric_features'] -%}
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
        cast(null as varchar) as interests,
        cast(null as timestamp) as last_seen_at
    from users
    cross join bounds

)

select * from final
