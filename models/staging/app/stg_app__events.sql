{#- The usable events: every typed raw row that is not in the quarantine (stg_app__events_quarantined,
    where stg_app__events_validated's rules put the rows that break one). Excluding the quarantined
    rows by file and row, instead of evaluating the rules again, keeps every reader of this view a
    plain scan of the raw files: the quarantine is small, and empty in a clean load. -#}

with

typed as (

    select * from {{ ref('stg_app__events_typed') }}

),

quarantined as (

    select * from {{ ref('stg_app__events_quarantined') }}

),

accepted as (

    select typed.*
    from typed
    where not exists (
        select 1
        from quarantined
        where
            quarantined.source_row_number = typed.source_row_number
            and quarantined.source_file = typed.source_file
    )

),

final as (

    select
        event_id,
        user_id,
        event_type,
        -- Exact decimals: sums over parallel threads then do not depend on the order rows arrive
        -- in, so a rebuild of the same input gives bit-identical features and the same run id.
        cast(duration_s as decimal(18, 3)) as duration_s,
        event_at
    from accepted

)

select * from final
