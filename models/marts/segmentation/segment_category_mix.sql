{#- One row per segment, attribute and category: share of the segment and index vs the population. -#}

with

user_segments as (

    select * from {{ ref('int_user_segments_joined') }}

),

bands as (

    select * from {{ ref('int_category_bands_defined') }}

),

labels as (

    select * from {{ ref('int_feature_labels_defined') }}
    where feature_kind = 'categorical'

),

counted as (

    {% for attribute in categorical_attribute_names() -%}
        select
            segment_id,
            '{{ attribute }}' as attribute,
            coalesce({{ attribute }}, 'Unknown') as category,
            count(*) as users
        from user_segments
        group by 1, 2, 3
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select
            segment_id,
            cast(null as varchar) as attribute,
            cast(null as varchar) as category,
            count(*) as users
        from user_segments
        where false
        group by 1, 2, 3
    {% endfor %}

),

segment_totals as (

    select
        segment_id,
        attribute,
        sum(users) as segment_users
    from counted
    group by 1, 2

),

population as (

    select
        attribute,
        category,
        sum(users) as population_users,
        sum(sum(users)) over (partition by attribute) as population_total
    from counted
    group by 1, 2

),

final as (

    select
        cast(counted.segment_id as integer) as segment_id,
        counted.attribute,
        coalesce(labels.feature_label, counted.attribute) as attribute_label,
        counted.category,
        bands.band_order as category_order,
        counted.users,
        cast(counted.users as double) / segment_totals.segment_users as share,
        cast(population.population_users as double) / population.population_total as population_share,
        (cast(counted.users as double) / segment_totals.segment_users)
        / (cast(population.population_users as double) / population.population_total) as share_index
    from counted
    inner join segment_totals
        on
            counted.segment_id = segment_totals.segment_id
            and counted.attribute = segment_totals.attribute
    inner join population
        on
            counted.attribute = population.attribute
            and counted.category = population.category
    left join bands
        on
            counted.attribute = bands.attribute
            and counted.category = bands.band
    left join labels on counted.attribute = labels.feature_name

)

select * from final
