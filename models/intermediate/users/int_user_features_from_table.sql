{{ config(enabled=var('user_source') == 'table') }}
{%- set user_table = user_table_config() %}

{#- One row per usable user of the configured table: numeric features with missing values filled
    and clipped to their `winsorize` quantiles (values from int_user_table_bounds_computed);
    categorical features as given, except that a category held by fewer than
    `user_table.min_category_rows` users (default var min_cell_size) becomes 'Other'. `interests`
    and `last_seen_at` exist so the shared marts build, and stay null. -#}

with

users as (

    select * from {{ ref('stg_user_table__users') }}

),

bounds as (

    select * from {{ ref('int_user_table_bounds_computed') }}

),

{% for feature in user_table['categorical_features'] -%}
    {%- set value = 'lower(' ~ feature['name'] ~ ')' if feature['fold_case'] else feature['name'] %}
    {%- if feature['fold_case'] %}
        {{ feature['name'] }}__spelled as (

            {#- fold_case: the spellings of one category in other cases (Travel_Rarely,
                travel_rarely) are one category, written as most users write it. -#}
            select distinct
                lower(category) as folded,
                first_value(category) over (
                    partition by lower(category) order by users desc, category
                ) as spelling
            from (
                select {{ feature['name'] }} as category, count(*) as users
                from users
                where {{ feature['name'] }} is not null
                group by 1
            ) as spellings

        ),
    {%- endif %}

    {{ feature['name'] }}__rare as (

        {#- Categories held by too few users: a grouping of one column, not a window over every
            row (the whole table's sort, once per categorical feature). -#}
        select {{ value }} as category
        from users
        where {{ feature['name'] }} is not null
        group by {{ value }}
        having count(*) < {{ user_table['min_category_rows'] }}

    ),

{% endfor -%}

final as (

    select
        users.user_id,
        {% for feature in user_table['categorical_features'] -%}
            {%- set value = 'lower(users.' ~ feature['name'] ~ ')' if feature['fold_case'] else 'users.' ~ feature['name'] %}
            case
                when {{ value }} in (select category from {{ feature['name'] }}__rare)
                    then 'Other'
                {% if feature['fold_case'] -%}
                    else (
                        select max(spelled.spelling) from {{ feature['name'] }}__spelled as spelled
                        where spelled.folded = {{ value }}
                    )
                {%- else -%}
                    else users.{{ feature['name'] }}
                {%- endif %}
            end as {{ feature['name'] }},
        {% endfor -%}
        {% for feature in user_table['numeric_features'] -%}
            {{ filled_and_clipped(feature, 'users', 'bounds') }} as {{ feature['name'] }},
        {% endfor -%}
        cast(null as varchar) as interests,
        cast(null as timestamp) as last_seen_at
    from users
    cross join bounds

)

select * from final
