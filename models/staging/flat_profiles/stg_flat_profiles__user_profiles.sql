{{ config(enabled=var('user_source') == 'profiles_csv') }}
{{ require_input_files(var('profiles_csv_path'), 'profiles_csv_path') }}

with

source as (

    select * from {{ source('flat_profiles', 'user_profiles') }}

),

renamed as (

    select
        cast("User ID" as bigint) as user_id,
        trim("Age") as age_band,
        trim("Gender") as gender,
        trim("Income Level") as income_band,
        trim("Location") as location,
        trim("Language") as language,
        trim("Education Level") as education,
        trim("Device Usage") as device,
        trim("Top Interests") as interests,
        cast("Time Spent Online (hrs/weekday)" as double) as weekday_hours,
        cast("Time Spent Online (hrs/weekend)" as double) as weekend_hours,
        cast("Likes and Reactions" as double) as likes_reactions,
        cast("Followed Accounts" as double) as followed_accounts,
        cast("Click-Through Rates (CTR)" as double) as ctr,
        cast("Conversion Rates" as double) as conversion_rate,
        cast("Ad Interaction Time (sec)" as double) as ad_interaction_s

    from source

)

select * from renamed
