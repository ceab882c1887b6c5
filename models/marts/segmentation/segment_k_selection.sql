{#- One row per run and candidate k: the quality measures the choice of k was made from. -#}

with

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

k_scores as (

    select
        run_id,
        k,
        metric,
        value
    from model_rows
    where record_type = 'k_score'

),

final as (

    select
        run_id,
        cast(k as integer) as k,
        max(case when metric = 'silhouette' then value end) as silhouette,
        max(case when metric = 'davies_bouldin' then value end) as davies_bouldin,
        max(case when metric = 'calinski_harabasz' then value end) as calinski_harabasz,
        max(case when metric = 'inertia' then value end) as inertia,
        max(case when metric = 'bic' then value end) as bic,
        max(case when metric = 'min_segment_share' then value end) as min_segment_share,
        max(case when metric = 'noise_share' then value end) as noise_share,
        max(case when metric = 'is_selected' then value end) = 1 as is_selected,
        {{ run_started_at_timestamp() }} as computed_at
    from k_scores
    group by 1, 2

)

select * from final
