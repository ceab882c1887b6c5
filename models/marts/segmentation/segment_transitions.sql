{#- One row per (from segment, to segment) between the previous run and the current run: how many
    users moved. from_segment_id is null for users new in the current run, to_segment_id is null
    for users no longer present. On the first run every user is new. -#}

with

history as (

    select * from {{ ref('user_segment_history') }}

),

runs_ranked as (

    select
        run_id,
        row_number() over (order by max(computed_at) desc) as recency
    from history
    group by 1

),

current_members as (

    select history.*
    from history
    inner join runs_ranked on history.run_id = runs_ranked.run_id
    where runs_ranked.recency = 1

),

previous_members as (

    select history.*
    from history
    inner join runs_ranked on history.run_id = runs_ranked.run_id
    where runs_ranked.recency = 2

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
        coalesce(from_segment_id = to_segment_id, false) as is_same_segment
    from moves
    group by 3, 4, 5, 6

)

select * from final
