{{ config(enabled=var('user_source') == 'events') }}

-- Every user of user_segments appears exactly once in user_rule_segments, and no one else does:
-- equal counts and equal set fingerprints of user_key (a sum of 64-bit hashes), with the keys
-- distinct in user_segments (its unique test). One scan of each table: a unique test of the rule
-- segments' 64-character keys took 3.6 s at 11.9M users. On a failure, list the keys with a full
-- outer join of the two tables on user_key.
with

rule_segments as (

    {{ set_summary(ref('user_rule_segments'), 'user_key') }}

),

user_segments as (

    {{ set_summary(ref('user_segments'), 'user_key') }}

),

compared as (

    select
        rule_segments.members as rule_segmented_users,
        user_segments.members as segmented_users,
        rule_segments.fingerprint = user_segments.fingerprint as same_user_keys
    from rule_segments
    cross join user_segments

)

select * from compared
where
    rule_segmented_users != segmented_users
    or not same_user_keys
