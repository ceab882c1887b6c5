{#- One row per ML segment and rule segment that share users: how the clustering cuts across the
    rule-based baseline. lift > 1 means the rule segment is over-represented in the ML segment. -#}

with

user_rule_segments as (

    select * from {{ ref('user_rule_segments') }}

),

cells_counted as (

    select
        segment_id,
        segment_name,
        rule_segment_id,
        rule_segment_name,
        run_id,
        count(*) as users
    from user_rule_segments
    group by 1, 2, 3, 4, 5

),

shares_computed as (

    select
        *,
        sum(users) over (partition by segment_id) as segment_users,
        sum(users) over (partition by rule_segment_id) as rule_segment_users,
        sum(users) over () as all_users
    from cells_counted

),

final as (

    select
        segment_id,
        segment_name,
        rule_segment_id,
        rule_segment_name,
        run_id,
        users,
        cast(users as double) / segment_users as share_of_segment,
        cast(users as double) / rule_segment_users as share_of_rule_segment,
        (cast(users as double) / segment_users) / (cast(rule_segment_users as double) / all_users) as lift,
        {{ run_started_at_timestamp() }} as computed_at
    from shares_computed

)

select * from final
