{#- One row per user and interest, from the comma-separated interests list (each user's list
    trimmed and deduplicated on its own: no distinct over every user's interests). A table:
    splitting every user's list is the cost, and the interest profile and this model's tests each
    repeated it as a view. -#}
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
        {{ split_to_distinct_rows('interests') }} as interest
    from features

),

final as (

    select
        user_id,
        interest
    from split
    where interest != ''

)

select * from final
