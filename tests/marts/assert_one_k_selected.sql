-- Exactly one candidate k is selected, and it is the k of the run.
with

selected as (

    select
        count(*) as selected_rows,
        max(k) as selected_k
    from {{ ref('segment_k_selection') }}
    where is_selected

)

select *
from selected
cross join {{ ref('segmentation_runs') }} as runs
where selected.selected_rows != 1 or selected.selected_k != runs.k
