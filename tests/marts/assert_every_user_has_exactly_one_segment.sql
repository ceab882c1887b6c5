-- Every user of the feature table appears exactly once in user_segments, and no one else does.
with

features as (

    select user_id from {{ ref('int_user_features_joined') }}

),

user_segments as (

    {#- The mart carries only user_key; the scored table maps each key back to its user id. -#}
    select scored.user_id
    from {{ ref('user_segments') }} as segments
    inner join {{ ref('int_user_segments_scored') }} as scored on segments.user_key = scored.user_key

),

counted as (

    select
        coalesce(features.user_id, user_segments.user_id) as user_id,
        count(features.user_id) as feature_rows,
        count(user_segments.user_id) as segment_rows
    from features
    full outer join user_segments on features.user_id = user_segments.user_id
    group by 1

)

select * from counted
where feature_rows != 1 or segment_rows != 1
