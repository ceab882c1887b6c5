{{ config(enabled=var('user_source') == 'events') }}
{{ require_input_files(var('raw_data_path') ~ '/' ~ var('events_glob'), 'raw_data_path') }}
{{ require_input_columns(
    'parquet', var('raw_data_path') ~ '/' ~ var('events_glob'), 'raw_data_path', 'app.events',
    ['event_id', 'user_id', 'event_at', 'event_type', 'duration_s']
) }}

{#- One row per raw event row, typed with try_cast (text never crashes the read), with the first
    rule the row breaks in quarantine_reason (null = usable). Row rules come first; then a repeated
    event id (the first usable copy by file and row is kept) and a user missing from the accepted
    users (stg_app__users). -#}

with

source as (

    select * from {{ source('app', 'events') }}

),

typed as (

    select
        cast(filename as {{ dbt.type_string() }}) as source_file,
        file_row_number + 1 as source_row_number,
        cast(event_id as {{ dbt.type_string() }}) as raw_event_id,
        cast(user_id as {{ dbt.type_string() }}) as raw_user_id,
        cast(event_at as {{ dbt.type_string() }}) as raw_event_at,
        cast(event_type as {{ dbt.type_string() }}) as raw_event_type,
        cast(duration_s as {{ dbt.type_string() }}) as raw_duration_s,
        try_cast(event_id as bigint) as event_id,
        try_cast(user_id as bigint) as user_id,
        lower(trim(cast(event_type as {{ dbt.type_string() }}))) as event_type,
        try_cast(duration_s as double) as duration_s,
        -- The session time zone is UTC (profiles.yml), so this keeps the UTC wall clock.
        {{ try_cast_utc_timestamp('event_at') }} as event_at

    from source

),

known_users as (

    select user_id from {{ ref('stg_app__users') }}

),

rules_applied as (

    select
        *,
        case
            when raw_event_id is null then 'missing_event_id'
            when event_id is null then 'malformed_event_id'
            when raw_user_id is null then 'missing_user_id'
            when user_id is null or user_id <= 0 then 'malformed_user_id'
            when raw_event_at is null then 'missing_event_at'
            when event_at is null then 'unparseable_event_at'
            when event_at > {{ run_started_at_timestamp() }} then 'future_event_at'
            when event_type is null or event_type not in ({{ "'" ~ known_event_types() | join("', '") ~ "'" }})
                then 'unknown_event_type'
            when raw_duration_s is not null and duration_s is null then 'non_numeric_duration'
            when {{ is_non_finite('duration_s') }} then 'non_finite_duration'
            when duration_s < 0 then 'negative_duration'
        end as row_rule_broken
    from typed

),

copies_numbered as (

    select
        *,
        row_number() over (
            partition by event_id, row_rule_broken is null
            order by source_file, source_row_number
        ) as copy_number
    from rules_applied

),

users_matched as (

    select
        copies_numbered.*,
        coalesce(
            copies_numbered.row_rule_broken,
            case when copies_numbered.copy_number > 1 then 'duplicate_event_id' end,
            case when known_users.user_id is null then 'unknown_user' end
        ) as quarantine_reason
    from copies_numbered
    left join known_users on copies_numbered.user_id = known_users.user_id

),

final as (

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
            when 'duplicate_event_id' then 'event_id'
            when 'unknown_user' then 'user_id'
        end as quarantine_column
    from users_matched

)

select * from final
