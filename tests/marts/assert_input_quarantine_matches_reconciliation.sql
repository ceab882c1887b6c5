-- Every quarantined row counted in input_reconciliation is in input_quarantine, per source.
with

reconciliation as (

    select * from {{ ref('input_reconciliation') }}

),

quarantine_counted as (

    select
        source_name,
        count(*) as quarantined_rows
    from {{ ref('input_quarantine') }}
    group by 1

)

select
    reconciliation.source_name,
    reconciliation.rows_quarantined,
    quarantine_counted.quarantined_rows
from reconciliation
left join quarantine_counted on reconciliation.source_name = quarantine_counted.source_name
where reconciliation.rows_quarantined != coalesce(quarantine_counted.quarantined_rows, 0)
