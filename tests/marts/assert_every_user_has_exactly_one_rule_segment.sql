{{ config(enabled=var('user_source') == 'events') }}

-- Every user of user_segments appears exactly once in user_rule_segments, with a rule segment of
-- the seed rule_segments, and no one else does: equal counts and equal set fingerprints of
-- user_key (a sum of 64-bit hashes), with the keys distinct in user_segments (its unique test);
-- no row without a key, a rule, a segment name or computed_at, and no rule id outside the seed.
-- One scan of each table (at 11.9M users a unique test of the 64-character keys took 3.6 s, and
-- a not-null and a relationships test each scanned the rule segments again). On a failure, list
-- the keys with a full outer join of the two tables on user_key.
with

rule_segments as (

    select * from {{ ref('user_rule_segments') }}

),

seeded_rules as (

    select rule_segment_id from {{ ref('rule_segments') }}

),

rule_segments_summarised as (

    select
        count(*) as members,
        {{ set_fingerprint('rule_segments.user_key') }} as fingerprint,
        sum(
            case
                when
                    rule_segments.user_key is null
                    or rule_segments.rule_segment_id is null
                    or rule_segments.rule_segment_name is null
                    or rule_segments.segment_id is null
                    or rule_segments.segment_name is null
                    or rule_segments.computed_at is null
                    then 1
                else 0
            end
        ) as incomplete_rows,
        sum(
            case
                when rule_segments.rule_segment_id is not null and seeded_rules.rule_segment_id is null
                    then 1
                else 0
            end
        ) as rows_of_unknown_rules
    from rule_segments
    left join seeded_rules on rule_segments.rule_segment_id = seeded_rules.rule_segment_id

),

user_segments as (

    {{ set_summary(ref('user_segments'), 'user_key') }}

),

compared as (

    select
        rule_segments_summarised.members as rule_segmented_users,
        user_segments.members as segmented_users,
        rule_segments_summarised.fingerprint = user_segments.fingerprint as same_user_keys,
        rule_segments_summarised.incomplete_rows,
        rule_segments_summarised.rows_of_unknown_rules
    from rule_segments_summarised
    cross join user_segments

)

select * from compared
where
    rule_segmented_users != segmented_users
    or not same_user_keys
    or incomplete_rows > 0
    or rows_of_unknown_rules > 0
