{#- One row per segment and top interest: how common it is in the segment vs the population.
    Interests held by fewer than var min_cell_size users of the segment are suppressed. -#}

with

interests as (

    select * from {{ ref('int_segment_interests_split') }}

),

user_segments as (

    {#- The scored users themselves: the split already joins them to their interests, and every
        scored user has a feature row (assert_every_user_has_exactly_one_segment), so the sizes
        need no second join of every user. -#}
    select
        user_id,
        segment_id
    from {{ ref('int_user_segments_scored') }}

),

segment_sizes as (

    select
        segment_id,
        count(*) as segment_users
    from user_segments
    group by 1

),

population_size as (

    select count(*) as population_users from user_segments

),

interest_counts as (

    select
        segment_id,
        interest,
        cast(sum(users) as bigint) as users
    from interests
    group by 1, 2

),

population_counts as (

    select
        interest,
        sum(users) as population_interest_users
    from interest_counts
    group by 1

),

shares as (

    select
        interest_counts.segment_id,
        interest_counts.interest,
        interest_counts.users,
        cast(interest_counts.users as double) / segment_sizes.segment_users as share,
        cast(population_counts.population_interest_users as double)
        / population_size.population_users as population_share
    from interest_counts
    inner join segment_sizes on interest_counts.segment_id = segment_sizes.segment_id
    inner join population_counts on interest_counts.interest = population_counts.interest
    cross join population_size

),

ranked as (

    select
        segment_id,
        interest,
        users,
        share,
        population_share,
        share / population_share as lift,
        row_number() over (
            partition by segment_id
            order by share / population_share desc, users desc, interest asc
        ) as interest_rank
    from shares
    -- Privacy: an interest held by fewer than min_cell_size users of the segment is not shown.
    where users >= {{ var('min_cell_size') }}

),

final as (

    select
        cast(segment_id as integer) as segment_id,
        interest,
        cast(interest_rank as integer) as interest_rank,
        users,
        share,
        population_share,
        lift,
        {{ run_started_at_timestamp() }} as computed_at
    from ranked
    where interest_rank <= {{ var('top_interests_per_segment') }}

)

select * from final
