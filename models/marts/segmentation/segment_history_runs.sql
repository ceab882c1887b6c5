{{ config(
    enabled=target.type != 'spark', materialized='incremental', incremental_strategy='delete+insert',
    unique_key='as_of_date', on_schema_change='fail',
    pre_hook="{{ rewind_segment_history_runs() }}",
) }}

{#- One row per as-of date written into user_segment_history: the run that scored it and how many
    spells it opened and closed (a rerun of a date replaces its row; an earlier date drops the
    later ones, like the history). Counts read only this run's spells. -#}

with

user_segments as (

    select * from {{ ref('user_segments') }}

),

history as (

    select * from {{ ref('user_segment_history') }}

),

this_run as (

    select
        run_id,
        {{ segment_history_as_of_date('as_of_date') }} as as_of_date,
        count(*) as users,
        max(computed_at) as computed_at
    from user_segments
    group by 1, 2

),

spells_opened as (

    select count(*) as spells_opened
    from history
    where opened_as_of_date = {{ this_run_as_of_date() }}

),

spells_closed as (

    select count(*) as spells_closed
    from history
    where closed_as_of_date = {{ this_run_as_of_date() }}

),

final as (

    select
        this_run.run_id,
        this_run.as_of_date,
        this_run.users,
        spells_opened.spells_opened,
        spells_closed.spells_closed,
        this_run.computed_at
    from this_run
    cross join spells_opened
    cross join spells_closed

)

select * from final
