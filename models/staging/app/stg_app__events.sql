{{ config(enabled=var('user_source') == 'events') }}

{#- The usable events: every raw row that broke no rule (the others are in stg_app__events_quarantined). -#}

with

validated as (

    select * from {{ ref('stg_app__events_validated') }}

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
    from validated
    where quarantine_reason is null

)

select * from final
