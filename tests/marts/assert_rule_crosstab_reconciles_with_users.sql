{{ config(enabled=var('user_source') == 'events') }}

-- The crosstab counts every segmented user once, and its shares sum to 1 per ML and rule segment.
with

crosstab as (

    select * from {{ ref('segment_rule_crosstab') }}

),

user_segments as (

    select count(*) as users from {{ ref('user_segments') }}

),

totals as (

    select sum(users) as crosstab_users from crosstab

),

segment_shares as (

    select
        'segment ' || cast(segment_id as {{ dbt.type_string() }}) as grouping,
        sum(share_of_segment) as total_share
    from crosstab
    group by 1

),

rule_shares as (

    select
        'rule ' || rule_segment_id as grouping,
        sum(share_of_rule_segment) as total_share
    from crosstab
    group by 1

),

failures as (

    select
        'all users' as grouping,
        cast(totals.crosstab_users as double) as total_share
    from totals
    cross join user_segments
    where totals.crosstab_users != user_segments.users
    union all
    select * from segment_shares
    where abs(total_share - 1) > 1e-9
    union all
    select * from rule_shares
    where abs(total_share - 1) > 1e-9

)

select * from failures
