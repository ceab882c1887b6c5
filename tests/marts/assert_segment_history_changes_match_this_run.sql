-- The history agrees with this run: its current spells are user_segments' users in their segments
-- (equal counts and set fingerprints of key, segment id and name: one scan of each, no join on
-- every 64-character key, which took 3 s on a first build of 10M users), the spells this run
-- opened are current and those it closed are well formed, and the run's counts add up: users of
-- the previous run + spells opened - spells closed = users of this run. A user with two current
-- spells, a spell in the wrong segment, or a mover whose spell was not closed changes the count or
-- the fingerprint; user_segments' keys are distinct (its unique test). On a failure, join the
-- current spells to user_segments on user_key to list the users.
with

history_runs as (

    select * from {{ ref('segment_history_runs') }}

),

spells_of_this_run as (

    select * from {{ ref('user_segment_history') }}
    where
        opened_as_of_date = {{ this_run_as_of_date() }}
        or closed_as_of_date = {{ this_run_as_of_date() }}

),

current_spells as (

    {{ set_summary(ref('user_segment_history'), 'user_key, segment_id, segment_name', 'is_current') }}

),

members_of_this_run as (

    {{ set_summary(ref('user_segments'), 'user_key, segment_id, segment_name') }}

),

current_spells_not_matching_the_run as (

    select
        cast(current_spells.members as {{ dbt.type_string() }}) as user_key,
        'current spells are not the users of user_segments in their segments' as problem
    from current_spells
    cross join members_of_this_run
    where
        current_spells.members != members_of_this_run.members
        or current_spells.fingerprint != members_of_this_run.fingerprint

),

opened_spells_not_current as (

    select
        user_key,
        'spell opened by this run is not current' as problem
    from spells_of_this_run
    where
        opened_as_of_date = {{ this_run_as_of_date() }}
        and (not is_current or closed_as_of_date is not null)

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

select * from current_spells_not_matching_the_run
union all
select * from opened_spells_not_current
union all
select * from closed_spells_malformed
union all
select * from counts_not_adding_up
