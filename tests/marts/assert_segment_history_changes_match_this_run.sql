-- The spells this run opened and closed agree with user_segments, and the run's counts add up:
-- users of the previous run + spells opened - spells closed = users of this run (so every user has
-- exactly one current spell). Reads only this run's spells, never the whole history.
with

user_segments as (

    select * from {{ ref('user_segments') }}

),

history_runs as (

    select * from {{ ref('segment_history_runs') }}

),

spells_of_this_run as (

    select * from {{ ref('user_segment_history') }}
    where
        opened_as_of_date = {{ this_run_as_of_date() }}
        or closed_as_of_date = {{ this_run_as_of_date() }}

),

opened_spells_not_matching_the_run as (

    select
        spells.user_key,
        'opened spell does not match user_segments' as problem
    from spells_of_this_run as spells
    left join user_segments on spells.user_key = user_segments.user_key
    where
        spells.opened_as_of_date = {{ this_run_as_of_date() }}
        and (
            user_segments.user_key is null
            or user_segments.segment_id is distinct from spells.segment_id
            or user_segments.segment_name is distinct from spells.segment_name
            or not spells.is_current
            or spells.closed_as_of_date is not null
        )

),

closed_spells_malformed as (

    select
        user_key,
        'closed spell is current, empty or has no closing run' as problem
    from spells_of_this_run
    where
        closed_as_of_date = {{ this_run_as_of_date() }}
        and (is_current or closed_run_id is null or opened_as_of_date >= closed_as_of_date)

),

users_with_two_spells_opened as (

    select
        user_key,
        'more than one spell opened by this run' as problem
    from spells_of_this_run
    where opened_as_of_date = {{ this_run_as_of_date() }}
    group by 1
    having count(*) > 1

),

runs_ordered as (

    select
        as_of_date,
        users,
        spells_opened,
        spells_closed,
        lag(users) over (order by as_of_date) as previous_users
    from history_runs

),

counts_not_adding_up as (

    select
        cast(as_of_date as {{ dbt.type_string() }}) as user_key,
        'previous users + opened - closed != users' as problem
    from runs_ordered
    where
        as_of_date = {{ this_run_as_of_date() }}
        and coalesce(previous_users, 0) + spells_opened - spells_closed != users

)

select * from opened_spells_not_matching_the_run
union all
select * from closed_spells_malformed
union all
select * from users_with_two_spells_opened
union all
select * from counts_not_adding_up
