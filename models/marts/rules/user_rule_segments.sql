{#- One row per user: the rule-based (RFM style) segment next to the ML segment. The rule is the
    first, by priority, of seed rule_segments whose score ranges hold the user's scores. -#}

with

scores as (

    select * from {{ ref('int_users_rfm_scored') }}

),

rules as (

    select * from {{ ref('rule_segments') }}

),

scored as (

    {#- The scored table, not the user_segments mart: the join needs user_id, which marts omit. -#}
    select * from {{ ref('int_user_segments_scored') }}

),

names as (

    select * from {{ ref('int_segment_names_current') }}

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

scores_matched as (

    select
        scores.*,
        rules_matched.rule_segment_id,
        rules_matched.rule_segment_name
    from scores
    left join rules_matched
        on
            scores.recency_score = rules_matched.recency_score
            and scores.frequency_score = rules_matched.frequency_score
            and scores.engagement_score = rules_matched.engagement_score
            and rules_matched.match_rank = 1

),

final as (

    {#- Every user of the scores, from the scored table right-joined to them: DuckDB hashes a
        join's right side, and hashing the scored side's 64-character keys and names (the scores
        left-joined to them) took 7.5-8 s at 11.9M users, spilling, against 3.3 s for the narrow
        scores. Names join last, to a few rows; a user without a name or a segment fails the
        not-null test. -#}
    select
        scored.user_key,
        scores_matched.rule_segment_id,
        scores_matched.rule_segment_name,
        scored.segment_id,
        names.segment_name,
        scored.run_id,
        scores_matched.recency_score,
        scores_matched.frequency_score,
        scores_matched.engagement_score,
        scores_matched.days_since_last_seen,
        scores_matched.active_days,
        scores_matched.interactions,
        {{ run_started_at_timestamp() }} as computed_at
    from scored
    right join scores_matched on scored.user_id = scores_matched.user_id  -- noqa: CV08
    left join names on scored.segment_id = names.segment_id

)

select * from final
