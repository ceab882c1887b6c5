-- Exactly one candidate k is selected per run, and it is the k of the run.
with

selected as (

    select
        run_id,
        count(*) as selected_rows,
        max(k) as selected_k
    from {{ ref('segment_k_selection') }}
    where is_selected
    group by 1

)

select
    runs.run_id,
    selected.selected_rows,
    selected.selected_k,
    runs.k
from {{ ref('segmentation_runs') }} as runs
left join selected on runs.run_id = selected.run_id
where
    coalesce(selected.selected_rows, 0) != 1
    or (selected.selected_k != runs.k and runs.algorithm != 'hdbscan')
