{#- One row per source read by the build: rows read = rows accepted + rows quarantined, top reasons. -#}

with

reconciled as (

    select * from {{ ref('int_input_rows_reconciled') }}

),

final as (

    select
        source_name,
        dbt_invocation_id,
        top_reasons,
        rows_read,
        rows_accepted,
        rows_quarantined,
        quarantined_share,
        rows_missing_user_id,
        checked_share,
        rows_read = rows_accepted + rows_quarantined as is_reconciled,
        loaded_at
    from reconciled

)

select * from final
