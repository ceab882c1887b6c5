{#- One row per segment and explaining feature: what separates the segment from the population.
    Numeric features ranked by |z-score| of the segment mean, categories by their index (share in
    the segment / share in the population); the top ones of each kind. -#}

with

feature_stats as (

    select * from {{ ref('segment_feature_stats') }}

),

category_mix as (

    select * from {{ ref('segment_category_mix') }}

),

numeric_drivers as (

    select
        segment_id,
        'numeric' as driver_kind,
        feature_name,
        feature_label,
        cast(null as {{ dbt.type_string() }}) as category,
        mean_value as segment_value,
        population_mean as population_value,
        lift,
        z_score,
        case when z_score > 0 then 'higher' else 'lower' end as direction,
        abs(z_score) as strength
    from feature_stats
    where abs(z_score) >= 0.25

),

category_drivers as (

    select
        segment_id,
        'categorical' as driver_kind,
        attribute as feature_name,
        attribute_label as feature_label,
        category,
        share as segment_value,
        population_share as population_value,
        share_index as lift,
        cast(null as double) as z_score,
        case when share_index > 1 then 'higher' else 'lower' end as direction,
        share_index as strength
    from category_mix
    where share_index >= 1.2 and share >= 0.1

),

drivers as (

    select * from numeric_drivers
    union all
    select * from category_drivers

),

ranked as (

    select
        *,
        row_number() over (
            partition by segment_id, driver_kind order by strength desc, feature_name asc, category asc
        ) as driver_rank
    from drivers

),

final as (

    select
        cast(segment_id as integer) as segment_id,
        driver_kind,
        feature_name,
        feature_label,
        category,
        cast(driver_rank as integer) as driver_rank,
        segment_value,
        population_value,
        lift,
        z_score,
        direction,
        {{ run_started_at_timestamp() }} as computed_at
    from ranked
    where driver_rank <= 5

)

select * from final
