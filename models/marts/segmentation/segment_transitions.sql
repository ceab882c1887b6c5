{{ config(enabled=target.type != 'spark') }}
{#- One row per (from segment, to segment) between the previous run and the current run (by as-of
    date, from segment_history_runs): how many users moved. from_segment_id is null for users new
    in the current run, to_segment_id is null for users no longer present. On the first run every
    user is new. Reads only the spells this run opened or closed, and counts the users who stayed in
    their spell per segment (no join of every user's spell now to their spell before: at 10M users
    that join took 2 s). -#}

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

spells_opened as (

    select
        history.user_key,
        history.segment_id,
        history.segment_name
    from history
    inner join current_run on history.opened_as_of_date = current_run.as_of_date

),

spells_closed as (

    select
        history.user_key,
        history.segment_id,
        history.segment_name
    from history
    inner join current_run on history.closed_as_of_date = current_run.as_of_date

),

stayers as (

    {#- A spell open now that opened before this run was open at the previous run too. -#}
    select
        history.segment_id as from_segment_id,
        history.segment_name as from_segment_name,
        history.segment_id as to_segment_id,
        history.segment_name as to_segment_name,
        count(*) as users
    from history
    inner join current_run on history.opened_as_of_date < current_run.as_of_date
    where history.is_current
    group by 1, 2, 3, 4

),

movers as (

    {#- New users open a spell, users no longer present close one, movers do both. -#}
    select
        spells_closed.segment_id as from_segment_id,
        spells_closed.segment_name as from_segment_name,
        spells_opened.segment_id as to_segment_id,
        spells_opened.segment_name as to_segment_name,
        count(*) as users
    from spells_opened
    full outer join spells_closed on spells_opened.user_key = spells_closed.user_key
    group by 1, 2, 3, 4

),

moves as (

    select * from stayers
    union all
    select * from movers

),

final as (

    select
        case when moves.from_segment_id is not null then previous_run.run_id end as from_run_id,
        case when moves.to_segment_id is not null then current_run.run_id end as to_run_id,
        moves.from_segment_id,
        moves.from_segment_name,
        moves.to_segment_id,
        moves.to_segment_name,
        moves.users,
        coalesce(moves.from_segment_id = moves.to_segment_id, false) as is_same_segment,
        previous_run.as_of_date as from_as_of_date,
        current_run.as_of_date as to_as_of_date
    from moves
    cross join current_run
    left join previous_run on true

)

select * from final
