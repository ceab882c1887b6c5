-- Segment shares add up to 1 and segment sizes add up to the number of segmented users.
with

profiles as (

    select
        sum(user_share) as total_share,
        sum(user_count) as total_users
    from {{ ref('segment_profiles') }}

),

user_segments as (

    select count(*) as users from {{ ref('user_segments') }}

)

select *
from profiles
cross join user_segments
where abs(profiles.total_share - 1) > 1e-9 or profiles.total_users != user_segments.users
