{{ config(enabled=var('user_source') == 'table') }}
{%- set user_table = user_table_config() %}
{%- set remapped = categorical_features_remapped(
    ref('int_user_table_categories_counted'), user_table['categorical_features']
) %}

{#- One row per usable user of the configured table: numeric features with missing values filled
    and clipped to their `winsorize` quantiles (values from int_user_table_bounds_computed);
    categorical features as given (with `fold_case`, as most users spell them), except that a
    category held by fewer than `user_table.min_category_rows` users (default var min_cell_size)
    becomes 'Other' (both from int_user_table_categories_counted, a few rows per feature, so this
    view groups no users). Only the features with a rare category or several spellings of one
    are joined to it: a view's join is paid by every reader, even one that reads no category.
    `interests` and `last_seen_at` exist so the shared marts build, and stay null. -#}

with

users as (

    select * from {{ ref('stg_user_table__users') }}

),

bounds as (

    select * from {{ ref('int_user_table_bounds_computed') }}

),

categories as (

    select * from {{ ref('int_user_table_categories_counted') }}

),

final as (

    select
        users.user_id,
        {% for feature in user_table['categorical_features'] -%}
            {% if feature['name'] in remapped -%}
                case
                    when {{ feature['name'] }}__category.is_rare then 'Other'
                    {% if feature['fold_case'] -%}
                        {#- A value the counts do not hold (they were built before the users in
                            a partial build) stays as written rather than null. -#}
                        else coalesce({{ feature['name'] }}__category.spelling, users.{{ feature['name'] }})
                    {%- else -%}
                        else users.{{ feature['name'] }}
                    {%- endif %}
                end
            {%- else -%}
                users.{{ feature['name'] }}
            {%- endif %} as {{ feature['name'] }},
        {% endfor -%}
        {% for feature in user_table['numeric_features'] -%}
            {{ filled_and_clipped(feature, 'users', 'bounds') }} as {{ feature['name'] }},
        {% endfor -%}
        cast(null as varchar) as interests,
        cast(null as timestamp) as last_seen_at
    from users
    cross join bounds
    {% for feature in user_table['categorical_features'] if feature['name'] in remapped -%}
        left join categories as {{ feature['name'] }}__category
            on
                {{ feature['name'] }}__category.feature_name = '{{ feature['name'] }}'
                and {{ feature['name'] }}__category.category
                = {{ 'lower(users.' ~ feature['name'] ~ ')' if feature['fold_case'] else 'users.' ~ feature['name'] }}
    {% endfor %}

)

select * from final
