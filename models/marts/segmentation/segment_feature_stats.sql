{#- One row per segment and numeric feature: mean, median, spread, and how far from the population. -#}

with

user_segments as (

    select * from {{ ref('int_user_segments_joined') }}

),

labels as (

    select * from {{ ref('int_feature_labels_defined') }}
    where feature_kind = 'numeric'

),

segments_aggregated as (

    {#- Aggregate wide first (one pass over users), then unpivot the few resulting rows. -#}
    select
        segment_id,
        {{ numeric_summaries(numeric_feature_names()) }}
        count(*) as user_count
    from user_segments
    group by 1

),

population_aggregated as (

    {#- Grouped by the run (one group) rather than ungrouped: DuckDB merges the threads' partial
        sums of an ungrouped aggregate in the order the threads finish, so the population mean
        could differ in the last bit between two builds of the same input; grouped it does not. #}
    select
        run_id,
        {{ numeric_summaries(numeric_feature_names()) }}
        count(*) as user_count
    from user_segments
    group by 1

),

segment_rows as (

    {% for feature in numeric_feature_names() %}
        select
            segment_id,
            user_count,
            '{{ feature }}' as feature_name,
            {{ feature }}__mean as mean_value,
            {{ feature }}__median as median_value,
            {{ feature }}__stddev as stddev_value
        from segments_aggregated
        {% if not loop.last %}union all{% endif %}
    {% else %}
        {#- A table clustered on categories alone: no rows (segment_profiles counts the users). -#}
        select
            cast(null as integer) as segment_id,
            cast(0 as bigint) as user_count,
            cast(null as varchar) as feature_name,
            cast(null as double) as mean_value,
            cast(null as double) as median_value,
            cast(null as double) as stddev_value
        where false
    {% endfor %}

),

population_rows as (

    {% for feature in numeric_feature_names() %}
        select
            '{{ feature }}' as feature_name,
            {{ feature }}__mean as mean_value,
            {{ feature }}__stddev as stddev_value
        from population_aggregated
        {% if not loop.last %}union all{% endif %}
    {% else %}
        select
            cast(null as varchar) as feature_name,
            cast(null as double) as mean_value,
            cast(null as double) as stddev_value
        where false
    {% endfor %}

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
        end as z_score,
        {{ run_started_at_timestamp() }} as computed_at
    from segment_rows
    inner join population_rows on segment_rows.feature_name = population_rows.feature_name
    left join labels on segment_rows.feature_name = labels.feature_name

)

select * from final
