{{ config(enabled=var('user_source') == 'events') }}
{{ require_input_files(var('raw_data_path') ~ '/' ~ var('users_glob'), 'raw_data_path') }}

with

source as (

    select * from {{ source('app', 'users') }}

),

renamed as (

    select
        cast(user_id as bigint) as user_id,
        trim(gender) as gender,
        trim(income_band) as income_band,
        trim(location) as location,
        trim(language) as language,
        trim(education) as education,
        trim(device) as device,
        trim(interests) as interests,
        cast(birth_year as integer) as birth_year

    from source

)

select * from renamed
