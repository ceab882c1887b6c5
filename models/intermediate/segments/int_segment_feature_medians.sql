{#- One row per segment and numeric feature: the median over the segment's users. Apart from the
    other summaries (int_segment_feature_moments), which the segment names wait for: an exact
    median sorts every value of every feature. -#}
{{ config(materialized='table') }}

with

user_segments as (

    select * from {{ ref('int_user_segments_joined') }}

),

segments_aggregated as (

    select
        segment_id,
        {% for feature in numeric_feature_names() %}
            median({{ feature }}) as {{ feature }}__median,
        {% endfor %}
        count(*) as user_count
    from user_segments
    group by 1

),

final as (

    {% for feature in numeric_feature_names() %}
        select
            cast(segment_id as integer) as segment_id,
            '{{ feature }}' as feature_name,
            {{ feature }}__median as median_value
        from segments_aggregated
        {% if not loop.last %}union all{% endif %}
    {% else %}
        select
            cast(null as integer) as segment_id,
            cast(null as varchar) as feature_name,
            cast(null as double) as median_value
        where false
    {% endfor %}

)

select * from final
