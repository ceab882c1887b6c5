{#- One row per segment and numeric feature: mean, median, spread, and how far from the population. -#}

with

user_segments as (

    select * from {{ ref('int_user_segments_joined') }}

),

labels as (

    select * from {{ ref('feature_labels') }}

),

{#- Aggregate wide first (one pass over users), then unpivot the few resulting rows. -#}
aggregated as (

    select
        segment_id,
        count(*) as user_count,
        {% for feature in numeric_feature_names() -%}
        avg({{ feature }}) as {{ feature }}__mean,
        median({{ feature }}) as {{ feature }}__median,
        stddev_pop({{ feature }}) as {{ feature }}__stddev{{ ',' if not loop.last }}
        {% endfor %}
    from user_segments
    group by grouping sets ((segment_id), ())

),

unpivoted as (

    {% for feature in numeric_feature_names() -%}
    select
        segment_id,
        '{{ feature }}' as feature_name,
        user_count,
        {{ feature }}__mean as mean_value,
        {{ feature }}__median as median_value,
        {{ feature }}__stddev as stddev_value
    from aggregated
    {{ 'union all' if not loop.last }}
    {% endfor %}

),

segment_rows as (

    select * from unpivoted where segment_id is not null

),

population_rows as (

    select * from unpivoted where segment_id is null

),

final as (

    select
        cast(segment_rows.segment_id as integer) as segment_id,
        segment_rows.feature_name,
        coalesce(labels.feature_label, segment_rows.feature_name) as feature_label,
        segment_rows.user_count,
        segment_rows.mean_value,
        segment_rows.median_value,
        segment_rows.stddev_value,
        population_rows.mean_value as population_mean,
        population_rows.stddev_value as population_stddev,
        case
            when population_rows.mean_value != 0
                then segment_rows.mean_value / population_rows.mean_value
        end as lift,
        case
            when population_rows.stddev_value > 0
                then (segment_rows.mean_value - population_rows.mean_value) / population_rows.stddev_value
        end as z_score
    from segment_rows
    inner join population_rows on segment_rows.feature_name = population_rows.feature_name
    left join labels on segment_rows.feature_name = labels.feature_name

)

select * from final
