{#- The wide columns follow the configured features, so with user_source table they differ from the
    contract's (which lists the events / profiles_csv features): enforce it for those shapes only. -#}
{{ config(contract={'enforced': var('user_source') not in ['table', 'event_log']}) }}

{#- One row per segment: size, share, mean/median/lift of every numeric feature, mode of every attribute. -#}

with

feature_stats as (

    select * from {{ ref('segment_feature_stats') }}

),

category_mix as (

    select * from {{ ref('segment_category_mix') }}

),

names as (

    select * from {{ ref('int_segment_names_current') }}

),

runs as (

    select * from {{ ref('segmentation_runs') }}
    where is_current

),

model_rows as (

    select * from {{ ref('int_segmentation_model_current') }}

),

user_segments as (

    select * from {{ ref('user_segments') }}

),

segment_quality as (

    select
        segment_id,
        max(case when record_type = 'segment' and metric = 'stability_jaccard' then value end)
            as stability_jaccard,
        max(case when record_type = 'segment' and metric = 'is_stable' then value end) = 1 as is_stable,
        max(case when record_type = 'lineage' then metric end) as lineage_status
    from model_rows
    where record_type in ('segment', 'lineage')
    group by 1

),

membership as (

    select
        segment_id,
        count(*) as user_count,
        cast(sum(case when is_outlier then 1 else 0 end) as bigint) as outlier_users,
        avg(membership_probability) as mean_membership_probability
    from user_segments
    group by 1

),

numeric_profile as (

    select
        segment_id,
        {% for feature in numeric_feature_names() %}
            max(case when feature_name = '{{ feature }}' then mean_value end) as {{ feature }}_mean,
            max(case when feature_name = '{{ feature }}' then median_value end) as {{ feature }}_median,
            max(case when feature_name = '{{ feature }}' then lift end) as {{ feature }}_lift,
        {% endfor %}
        count(*) as feature_rows
    from feature_stats
    group by 1

),

modes_ranked as (

    select
        segment_id,
        attribute,
        category,
        share,
        share_index,
        -- Ties go to the first category in sort order, as pandas' mode() does.
        row_number() over (
            partition by segment_id, attribute order by users desc, category asc
        ) as mode_rank
    from category_mix
    -- 'Other' holds merged small cells (min_cell_size), never a mode.
    where category != 'Other'

),

categorical_profile as (

    select
        segment_id,
        {% for attribute in categorical_attribute_names() %}
            max(case when attribute = '{{ attribute }}' then category end) as {{ attribute }}_mode,
            max(case when attribute = '{{ attribute }}' then share end) as {{ attribute }}_mode_share,
            max(case when attribute = '{{ attribute }}' then share_index end) as {{ attribute }}_mode_index,
        {% endfor %}
        count(*) as attributes_profiled
    from modes_ranked
    where mode_rank = 1
    group by 1

),

final as (

    select
        membership.segment_id,
        names.segment_name,
        names.segment_description,
        names.name_source,
        segment_quality.lineage_status,
        runs.run_id,
        membership.user_count,
        cast(membership.user_count as double) / sum(membership.user_count) over () as user_share,
        {% for feature in numeric_feature_names() %}
            numeric_profile.{{ feature }}_mean,
            numeric_profile.{{ feature }}_median,
            numeric_profile.{{ feature }}_lift,
        {% endfor %}
        {% for attribute in categorical_attribute_names() %}
            categorical_profile.{{ attribute }}_mode,
            categorical_profile.{{ attribute }}_mode_share,
            categorical_profile.{{ attribute }}_mode_index,
        {% endfor %}
        segment_quality.stability_jaccard,
        membership.outlier_users,
        membership.mean_membership_probability,
        coalesce(segment_quality.is_stable, false) as is_stable,
        runs.computed_at
    -- Every segment from its users: a table clustered on categories alone has no numeric rows.
    from membership
    left join numeric_profile on membership.segment_id = numeric_profile.segment_id
    left join categorical_profile on membership.segment_id = categorical_profile.segment_id
    inner join names on membership.segment_id = names.segment_id
    left join segment_quality on membership.segment_id = segment_quality.segment_id
    cross join runs

)

select * from final
