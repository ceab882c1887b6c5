{#- One row per ML segment and rule segment that share users: how the clustering cuts across the
    rule-based baseline. lift > 1 means the rule segment is over-represented in the ML segment.
    Privacy: within an ML segment, rule segments with fewer than var min_cell_size of its users
    are merged into rule segment 'other' (macro fold_small_cells), so no cell counts fewer users;
    the shares of each ML segment and of each rule segment (other included) still sum to 1. -#}

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

small_cells_merged as (

    {{ fold_small_cells(
        'cells_counted',
        group_columns=['segment_id', 'segment_name', 'run_id'],
        category_columns={'rule_segment_id': "'other'", 'rule_segment_name': "'Other (small cells)'"},
    ) }}

),

shares_computed as (

    select
        *,
        sum(users) over (partition by segment_id) as segment_users,
        sum(users) over (partition by rule_segment_id) as rule_segment_users,
        sum(users) over () as all_users
    from small_cells_merged

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
