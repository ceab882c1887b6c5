{#- One row per user and interest, from the comma-separated interests list. A table: splitting
    every user's list is the cost, and the interest profile and this model's tests each repeated
    it as a view. -#}
{{ config(materialized='table') }}

with

features as (

    select
        user_id,
        interests
    from {{ ref('int_user_features_joined') }}
    where interests is not null

),

split as (

    select
        user_id,
        {{ split_to_rows('interests') }} as interest_raw
    from features

),

final as (

    select distinct
        user_id,
        trim(interest_raw) as interest
    from split
    where trim(interest_raw) != ''

)

select * from final
