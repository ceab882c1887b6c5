{{ config(enabled=var('user_source') == 'events') }}
{{ require_input_files(var('raw_data_path') ~ '/' ~ var('events_glob'), 'raw_data_path') }}

with

source as (

    select * from {{ source('app', 'events') }}

),

renamed as (

    select
        cast(event_id as bigint) as event_id,
        cast(user_id as bigint) as user_id,
        lower(trim(event_type)) as event_type,
        cast(duration_s as double) as duration_s,
        -- The UTC wall clock as a timestamp without time zone (macro utc_timestamp).
        {{ utc_timestamp('event_at') }} as event_at

    from source

)

select * from renamed
