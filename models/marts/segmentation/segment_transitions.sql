{{ config(enabled=target.type != 'spark') }}
{#- One row per (from segment, to segment) between the previous run and the current run (by as-of
    date, from segment_history_runs): how many users moved. from_segment_id is null for users new
    in the current run, to_segment_id is null for users no longer present. On the first run every
    user is new. Reads the spells open now and the spells open at the previous as-of date. -#}

with

history as (

    select * from {{ ref('user_segment_history') }}

),

history_runs as (

    select * from {{ ref('segment_history_runs') }}

),

runs_ranked as (

    select
        run_id,
        as_of_date,
        row_number() over (order by as_of_date desc) as recency
    from history_runs

),

current_run as (

    select * from runs_ranked
    where recency = 1

),

previous_run as (

    select * from runs_ranked
    where recency = 2

),

current_members as (

    select
        history.user_key,
        history.segment_id,
        history.segment_name,
        current_run.run_id
    from history
    cross join current_run
    where history.is_current

),

previous_members as (

    select
        history.user_key,
        history.segment_id,
        history.segment_name,
        previous_run.run_id
    from history
    inner join previous_run
        on
            history.opened_as_of_date <= previous_run.as_of_date
            and (history.closed_as_of_date is null or history.closed_as_of_date > previous_run.as_of_date)

),

moves as (

    select
        previous_members.run_id as from_run_id,
        current_members.run_id as to_run_id,
        previous_members.segment_id as from_segment_id,
        previous_members.segment_name as from_segment_name,
        current_members.segment_id as to_segment_id,
        current_members.segment_name as to_segment_name
    from current_members
    full outer join previous_members on current_members.user_key = previous_members.user_key

),

final as (

    select
        max(from_run_id) as from_run_id,
        max(to_run_id) as to_run_id,
        from_segment_id,
        from_segment_name,
        to_segment_id,
        to_segment_name,
        count(*) as users,
        coalesce(from_segment_id = to_segment_id, false) as is_same_segment,
        (select previous_run.as_of_date from previous_run) as from_as_of_date,
        (select current_run.as_of_date from current_run) as to_as_of_date
    from moves
    group by 3, 4, 5, 6

)

select * from final
