{#- One row per user: the rule-based (RFM style) segment next to the ML segment. The rule is the
    first, by priority, of seed rule_segments whose score ranges hold the user's scores. -#}

with

scores as (

    select * from {{ ref('int_users_rfm_scored') }}

),

rules as (

    select * from {{ ref('rule_segments') }}

),

user_segments as (

    {#- The scored table, not the user_segments mart: the join needs user_id, which marts omit. -#}
    select
        scored.user_id,
        scored.user_key,
        scored.segment_id,
        names.segment_name,
        scored.run_id
    from {{ ref('int_user_segments_scored') }} as scored
    inner join {{ ref('int_segment_names_current') }} as names on scored.segment_id = names.segment_id

),

score_combinations as (

    {#- Each score is 0-5, so at most 216 combinations: the rules are matched to those, and users
        join their combination by equality (no range join and no ranking over every user). -#}
    select distinct
        recency_score,
        frequency_score,
        engagement_score
    from scores

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

final as (

    select
        user_segments.user_key,
        rules_matched.rule_segment_id,
        rules_matched.rule_segment_name,
        user_segments.segment_id,
        user_segments.segment_name,
        user_segments.run_id,
        scores.recency_score,
        scores.frequency_score,
        scores.engagement_score,
        scores.days_since_last_seen,
        scores.active_days,
        scores.interactions,
        {{ run_started_at_timestamp() }} as computed_at
    from scores
    left join rules_matched
        on
            scores.recency_score = rules_matched.recency_score
            and scores.frequency_score = rules_matched.frequency_score
            and scores.engagement_score = rules_matched.engagement_score
            and rules_matched.match_rank = 1
    left join user_segments on scores.user_id = user_segments.user_id

)

select * from final
