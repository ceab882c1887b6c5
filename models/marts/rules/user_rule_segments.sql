{#- One row per user: the rule-based (RFM style) segment next to the ML segment. The rule is the
    first, by priority, of seed rule_segments whose score ranges hold the user's scores. On DuckDB a
    view, as user_segments: the scored table (which carries each user's activity measures) with a
    score per measure from one row of bounds and the rule of each score combination, all joined to
    a few rows. A table of every user took 8-9 s to write at 11.9M users; a read of the view is one
    scan of the scored table. -#}
{{ config(materialized='view' if target.type == 'duckdb' else 'table') }}

with

scored as (

    {#- The scored table, not the user_segments mart: it carries the activity measures. -#}
    select * from {{ ref('int_user_segments_scored') }}

),

bounds as (

    select * from {{ ref('int_rfm_score_bounds') }}

),

rules as (

    select * from {{ ref('rule_segments') }}

),

names as (

    select * from {{ ref('int_segment_names_current') }}

),

scores_0_to_5 as (

    {% for score in range(6) %}
        select {{ score }} as score
        {% if not loop.last %}
            union all
        {% endif %}
    {% endfor %}

),

score_combinations as (

    {#- Each score is 0-5, so 216 combinations: the rules are matched to those, and users join
        their combination by equality (no range join and no ranking over every user). -#}
    select
        recency.score as recency_score,
        frequency.score as frequency_score,
        engagement.score as engagement_score
    from scores_0_to_5 as recency
    cross join scores_0_to_5 as frequency
    cross join scores_0_to_5 as engagement

),

rules_matched as (

    select
        score_combinations.recency_score,
        score_combinations.frequency_score,
        score_combinations.engagement_score,
        rules.rule_segment_id,
        rules.rule_segment_name,
        row_number() over (
            partition by
                score_combinations.recency_score,
                score_combinations.frequency_score,
                score_combinations.engagement_score
            order by rules.priority
        ) as match_rank
    from score_combinations
    inner join rules
        on
            score_combinations.recency_score between rules.min_recency_score and rules.max_recency_score
            and score_combinations.frequency_score between rules.min_frequency_score and rules.max_frequency_score
            and score_combinations.engagement_score between rules.min_engagement_score and rules.max_engagement_score

),

users_scored as (

    {#- Users not active in the window score 0 on every measure. -#}
    select
        scored.user_key,
        scored.segment_id,
        scored.run_id,
        {% for measure in rfm_measures() %}
            case when scored.active_days > 0 then {{ rfm_score(measure, 'bounds') }} else 0 end
                as {{ measure.score }},
        {% endfor %}
        scored.days_since_last_seen,
        scored.active_days,
        scored.interactions
    from scored
    cross join bounds

),

final as (

    {#- Rule names join last, to a few rows; a user without a rule or a segment name fails the
        not-null test. -#}
    select
        users_scored.user_key,
        rules_matched.rule_segment_id,
        rules_matched.rule_segment_name,
        users_scored.segment_id,
        names.segment_name,
        users_scored.run_id,
        users_scored.recency_score,
        users_scored.frequency_score,
        users_scored.engagement_score,
        users_scored.days_since_last_seen,
        users_scored.active_days,
        users_scored.interactions,
        {{ run_started_at_timestamp() }} as computed_at
    from users_scored
    left join rules_matched
        on
            users_scored.recency_score = rules_matched.recency_score
            and users_scored.frequency_score = rules_matched.frequency_score
            and users_scored.engagement_score = rules_matched.engagement_score
            and rules_matched.match_rank = 1
    left join names on users_scored.segment_id = names.segment_id

)

select * from final
