{#- A view (the staging default): the quarantine table is the one reader that scans it in full
    (the rules run once per build); the accepted events (stg_app__events) are the typed rows minus
    the quarantined ones, so no other model evaluates the rules again or writes every raw row. -#}

{#- One row per raw event row: the typed row (stg_app__events_typed) and the first rule it breaks in
    quarantine_reason (null = usable). Row rules come first; then a repeated event id (the first
    usable copy by file and row is kept, stg_app__events_repeated) and a user missing from the
    accepted users (the usable rows of stg_app__users_validated, as in stg_app__users). The raw
    values of the id and of the broken column are kept as text for broken rows only (formatting
    every value would dominate the build). -#}

with

typed as (

    select * from {{ ref('stg_app__events_typed') }}

),

later_copies as (

    select * from {{ ref('stg_app__events_repeated') }}

),

known_users as (

    {#- The accepted users, read from the validated table rather than through stg_app__users: dbt
        starts this scan of every event only after its parents' data tests, and the unique test of
        stg_app__users' ids took 3.4 s of the critical path at 11.9M users. That test still runs
        and fails the build; a repeated user id is quarantined upstream either way. -#}
    select user_id from {{ ref('stg_app__users_validated') }}
    where quarantine_reason is null

),

reasons_assigned as (

    select
        typed.*,
        -- The same test as quarantine_reason is not null, on null flags only: the quarantine
        -- filters on it before any reason text is built (2 s less CPU over 100M events).
        (
            typed.row_rule_broken is not null
            or later_copies.copy_number is not null
            or known_users.user_id is null
        ) as breaks_a_rule,
        coalesce(
            typed.row_rule_broken,
            case when later_copies.copy_number is not null then 'duplicate_event_id' end,
            case when known_users.user_id is null then 'unknown_user' end
        ) as quarantine_reason
    from typed
    left join later_copies
        on
            typed.source_row_number = later_copies.source_row_number
            and typed.source_file = later_copies.source_file
    left join known_users on typed.user_id = known_users.user_id

),

columns_named as (

    select
        *,
        case quarantine_reason
            when 'missing_event_id' then 'event_id'
            when 'malformed_event_id' then 'event_id'
            when 'missing_user_id' then 'user_id'
            when 'malformed_user_id' then 'user_id'
            when 'missing_event_at' then 'event_at'
            when 'unparseable_event_at' then 'event_at'
            when 'future_event_at' then 'event_at'
            when 'unknown_event_type' then 'event_type'
            when 'non_numeric_duration' then 'duration_s'
            when 'non_finite_duration' then 'duration_s'
            when 'negative_duration' then 'duration_s'
            when 'impossible_duration' then 'duration_s'
            when 'duplicate_event_id' then 'event_id'
            when 'unknown_user' then 'user_id'
        end as quarantine_column
    from reasons_assigned

),

final as (

    select
        source_file,
        source_row_number,
        event_id,
        user_id,
        event_type,
        duration_s,
        event_at,
        breaks_a_rule,
        quarantine_reason,
        quarantine_column,
        case
            when quarantine_reason is not null then cast(raw_event_id as {{ dbt.type_string() }})
        end as raw_record_id,
        case quarantine_column
            when 'event_id' then cast(raw_event_id as {{ dbt.type_string() }})
            when 'user_id' then cast(raw_user_id as {{ dbt.type_string() }})
            when 'event_at' then cast(raw_event_at as {{ dbt.type_string() }})
            when 'event_type' then cast(raw_event_type as {{ dbt.type_string() }})
            when 'duration_s' then cast(raw_duration_s as {{ dbt.type_string() }})
        end as raw_value
    from columns_named

)

select * from final
