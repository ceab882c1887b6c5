-- depends_on (the pre-hook's as-of date): {{ ref('int_as_of_date_defined') }}
{{ config(
    enabled=target.type != 'spark', materialized='incremental', incremental_strategy='delete+insert',
    unique_key=['user_key', 'opened_as_of_date'], on_schema_change='fail',
    pre_hook="{{ rewind_segment_history() }}",
) }}
{{ refuse_per_run_segment_history() }}

{#- One row per user and spell in a segment (validity intervals, slowly changing dimension type 2):
    a spell opens at the as-of date a user is first seen in a segment and closes at the as-of date
    the user is seen in another segment (or no longer seen). A run writes only the spells it opens
    and closes, so the table grows with movers, not with runs. The pre-hook first sets the history
    back to before this run's as-of date (see rewind_segment_history). -#}

with

user_segments as (

    {#- The view user_segments copies, not the mart: the history is written beside that copy. -#}
    select * from {{ ref('int_user_segments_named') }}

),

members_of_this_run as (

    select
        user_key,
        segment_id,
        segment_name,
        run_id,
        {{ segment_history_as_of_date('as_of_date') }} as as_of_date,
        computed_at
    from user_segments

),

{% if is_incremental() %}

open_spells as (

    select * from {{ this }}
    where is_current

),

this_run as (

    select distinct
        run_id,
        as_of_date
    from members_of_this_run

),

spells_closed as (

    select
        open_spells.user_key,
        open_spells.segment_id,
        open_spells.segment_name,
        open_spells.opened_run_id,
        this_run.run_id as closed_run_id,
        open_spells.opened_as_of_date,
        this_run.as_of_date as closed_as_of_date,
        false as is_current,
        open_spells.computed_at
    from open_spells
    cross join this_run
    left join members_of_this_run on open_spells.user_key = members_of_this_run.user_key
    where
        members_of_this_run.user_key is null
        or members_of_this_run.segment_id is distinct from open_spells.segment_id
        or members_of_this_run.segment_name is distinct from open_spells.segment_name

),

{% endif %}

spells_opened as (

    select
        members_of_this_run.user_key,
        members_of_this_run.segment_id,
        members_of_this_run.segment_name,
        members_of_this_run.run_id as opened_run_id,
        cast(null as {{ dbt.type_string() }}) as closed_run_id,
        members_of_this_run.as_of_date as opened_as_of_date,
        cast(null as date) as closed_as_of_date,
        true as is_current,
        members_of_this_run.computed_at
    from members_of_this_run
    {% if is_incremental() %}
        left join open_spells on members_of_this_run.user_key = open_spells.user_key
        where
            open_spells.user_key is null
            or open_spells.segment_id is distinct from members_of_this_run.segment_id
            or open_spells.segment_name is distinct from members_of_this_run.segment_name
    {% endif %}

),

final as (

    {% if is_incremental() %}
        select * from spells_closed
        union all
    {% endif %}
    select * from spells_opened

)

select * from final
