{{ config(enabled=var('user_source') == 'table', materialized='table') }}
{%- set user_table = user_table_config() %}

{#- One row per categorical feature of the configured table and category (null included): how many
    usable users hold it, whether it is rare (held by fewer than `user_table.min_category_rows`
    users: the feature table writes 'Other') and, with `fold_case`, the category is the lower-case
    value, spelling the way most of its users write it (ties: the first spelling in sort order)
    and spellings how many ways they write it. A table of a few rows per feature: the feature table (a view) maps every user through
    it, and input_feature_quality reports it, without grouping every user again. -#}

with

users as (

    select * from {{ ref('stg_user_table__users') }}

),

spellings_counted as (

    {% for feature in user_table['categorical_features'] -%}
        select
            '{{ feature['name'] }}' as feature_name,
            {{ 'lower(' ~ feature['name'] ~ ')' if feature['fold_case'] else feature['name'] }} as category,
            {{ feature['name'] }} as spelling,
            count(*) as spelling_rows
        from users
        group by 1, 2, 3
        {% if not loop.last %}union all{% endif %}
    {% else %}
        {#- A table clustered on numbers alone. -#}
        select
            cast(null as {{ dbt.type_string() }}) as feature_name,
            cast(null as {{ dbt.type_string() }}) as category,
            cast(null as {{ dbt.type_string() }}) as spelling,
            cast(0 as bigint) as spelling_rows
        where false
    {% endfor %}

),

spellings_ranked as (

    select
        *,
        row_number() over (
            partition by feature_name, category order by spelling_rows desc, spelling
        ) as spelling_rank
    from spellings_counted

),

categories_counted as (

    select
        feature_name,
        category,
        max(case when spelling_rank = 1 then spelling end) as spelling,
        count(spelling) as spellings,
        sum(spelling_rows) as category_rows
    from spellings_ranked
    group by 1, 2

),

final as (

    select
        feature_name,
        category,
        spelling,
        spellings,
        category_rows,
        category is not null and category_rows < {{ user_table['min_category_rows'] }} as is_rare
    from categories_counted

)

select * from final
