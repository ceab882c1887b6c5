{{ config(enabled=var('user_source') == 'events') }}

{#- Every combination of recency, frequency and engagement scores 1-5 must match a rule of seed
    rule_segments, so no active user is left without a rule segment whatever the data. -#}

with

scores as (

    select fifths.score from (values (1), (2), (3), (4), (5)) as fifths (score)

),

rules as (

    select * from {{ ref('rule_segments') }}

),

combinations as (

    select
        recency.score as recency_score,
        frequency.score as frequency_score,
        engagement.score as engagement_score
    from scores as recency
    cross join scores as frequency
    cross join scores as engagement

),

unmatched as (

    select combinations.*
    from combinations
    left join rules
        on
            combinations.recency_score between rules.min_recency_score and rules.max_recency_score
            and combinations.frequency_score between rules.min_frequency_score and rules.max_frequency_score
            and combinations.engagement_score between rules.min_engagement_score and rules.max_engagement_score
    where rules.rule_segment_id is null

)

select * from unmatched
