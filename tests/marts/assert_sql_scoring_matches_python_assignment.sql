-- SQL scoring against the stored centres gives every user the Python model checked (all users, or
-- a sample above var scoring_check_users) the same segment and distance.
select
    python_assignment.user_id,
    python_assignment.segment_id as python_segment_id,
    sql_scoring.segment_id as sql_segment_id,
    python_assignment.distance_to_centre as python_distance,
    sql_scoring.distance_to_centre as sql_distance
from {{ ref('user_segment_assignments') }} as python_assignment
left join {{ ref('int_user_segments_scored') }} as sql_scoring
    on python_assignment.user_id = sql_scoring.user_id
where
    python_assignment.segment_id is distinct from sql_scoring.segment_id
    or abs(python_assignment.distance_to_centre - sql_scoring.distance_to_centre) > 1e-9
