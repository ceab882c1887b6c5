{#- One row per segment, attribute and category: share of the segment and index vs the population.
    Privacy: categories with fewer than var min_cell_size users in a segment are merged into one
    'Other' row per segment and attribute (its population share is that of the merged categories);
    an Other row still under the minimum takes in the smallest category too (the row is then
    named after it: 'yes or other'), and a segment with
    fewer users than the minimum has no rows (macro fold_small_cells). So no published cell counts
    fewer than min_cell_size users. Shares still sum to 1. -#}

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
            cast(null as {{ dbt.type_string() }}) as attribute,
            cast(null as {{ dbt.type_string() }}) as category,
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

cells_with_population as (

    select
        counted.segment_id,
        counted.attribute,
        counted.category,
        counted.users,
        cast(population.population_users as double) / population.population_total as population_share
    from counted
    inner join population
        on
            counted.attribute = population.attribute
            and counted.category = population.category

),

small_cells_merged as (

    {{ fold_small_cells(
        'cells_with_population',
        group_columns=['segment_id', 'attribute'],
        category_columns={'category': "'Other'"},
        sum_columns=['population_share'],
        named_after_largest='category',
    ) }}

),

final as (

    select
        cast(small_cells_merged.segment_id as integer) as segment_id,
        small_cells_merged.attribute,
        coalesce(labels.feature_label, small_cells_merged.attribute) as attribute_label,
        small_cells_merged.category,
        bands.band_order as category_order,
        cast(small_cells_merged.users as bigint) as users,
        cast(small_cells_merged.users as double) / segment_totals.segment_users as share,
        {#- A cell named after the category it merged a small one into ('yes or other') is compared
            with that category's population share, so a segment 99.8% smokers stands out (5x),
            not 1.0x against everyone (whose merged share was 1.0 next to an index of 2.8). -#}
        coalesce(
            cast(named_population.population_users as double) / named_population.population_total,
            small_cells_merged.population_share
        ) as population_share,
        (cast(small_cells_merged.users as double) / segment_totals.segment_users)
        / coalesce(
            cast(named_population.population_users as double) / named_population.population_total,
            small_cells_merged.population_share
        ) as share_index,
        {{ run_started_at_timestamp() }} as computed_at
    from small_cells_merged
    inner join segment_totals
        on
            small_cells_merged.segment_id = segment_totals.segment_id
            and small_cells_merged.attribute = segment_totals.attribute
    left join bands
        on
            small_cells_merged.attribute = bands.attribute
            and small_cells_merged.category = bands.band
    left join labels on small_cells_merged.attribute = labels.feature_name
    left join population as named_population
        on
            small_cells_merged.attribute = named_population.attribute
            and small_cells_merged.named_after = named_population.category

)

select * from final
