{{ require_input_files(var('raw_data_path') ~ '/' ~ var('events_glob'), 'raw_data_path') }}
{{ require_input_columns(
    'parquet', var('raw_data_path') ~ '/' ~ var('events_glob'), 'raw_data_path', 'app.events',
    ['event_id', 'user_id', 'event_at', 'event_type', 'duration_s']
) }}

{#- One row per raw event row, typed with try_cast (text never crashes the read), with the file and
    row it came from and the first row rule it breaks (row_rule_broken; null = passes every rule
    that needs only the row itself). stg_app__events_validated adds the rules that need other rows. -#}

with

source as (

    select * from {{ source('app', 'events') }}

),

typed as (

    select
        cast(filename as {{ dbt.type_string() }}) as source_file,
        file_row_number + 1 as source_row_number,
        -- The raw values as read (any type): stg_app__events_validated formats them as text for
        -- broken rows only; formatting every value would dominate every scan.
        event_id as raw_event_id,
        user_id as raw_user_id,
        event_at as raw_event_at,
        event_type as raw_event_type,
        duration_s as raw_duration_s,
        {{ try_cast_whole_number('event_id', column_type_of(source('app', 'events'), 'event_id')) }} as event_id,
        {{ try_cast_whole_number('user_id', column_type_of(source('app', 'events'), 'user_id')) }} as user_id,
        lower(trim(cast(event_type as {{ dbt.type_string() }}))) as event_type,
        try_cast(duration_s as double) as duration_s,
        -- The session time zone is UTC (profiles.yml), so this keeps the UTC wall clock.
        {{ try_cast_utc_timestamp('event_at') }} as event_at

    from source

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
            when {{ is_not_one_of('event_type', known_event_types()) }} then 'unknown_event_type'
            when raw_duration_s is not null and duration_s is null then 'non_numeric_duration'
            when {{ is_non_finite('duration_s') }} then 'non_finite_duration'
            when duration_s < 0 then 'negative_duration'
            -- One event cannot last longer than a day (the features are hours per day).
            when duration_s > 86400 then 'impossible_duration'
        end as row_rule_broken
    from typed

),

final as (

    select
        source_file,
        source_row_number,
        raw_event_id,
        raw_user_id,
        raw_event_at,
        raw_event_type,
        raw_duration_s,
        event_id,
        user_id,
        event_type,
        duration_s,
        event_at,
        row_rule_broken
    from rules_applied

)

select * from final
