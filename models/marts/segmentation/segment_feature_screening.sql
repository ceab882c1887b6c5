{#- One row per clustered feature of the current run: what it adds to the segments (silhouette and
    stability with and without it, refitted on the selection sample) and a recommendation.
    Empty when var feature_screening is false. -#}

with

screening as (

    select * from {{ ref('segment_feature_screening_fitted') }}

),

feature_labels as (

    select * from {{ ref('int_feature_labels_defined') }}

),

labelled as (

    select
        screening.*,
        coalesce(feature_labels.feature_label, screening.feature_name) as feature_label
    from screening
    left join feature_labels on screening.feature_name = feature_labels.feature_name

),

final as (

    select
        cast(run_id as {{ dbt.type_string() }}) as run_id,
        cast(feature_name as {{ dbt.type_string() }}) as feature_name,
        cast(feature_label as {{ dbt.type_string() }}) as feature_label,
        cast(feature_kind as {{ dbt.type_string() }}) as feature_kind,
        cast(recommendation as {{ dbt.type_string() }}) as recommendation,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(k as integer) as k,
        cast(sample_users as integer) as sample_users,
        cast(encoded_columns as integer) as encoded_columns,
        cast(silhouette_with as double) as silhouette_with,
        cast(silhouette_without as double) as silhouette_without,
        cast(silhouette_change as double) as silhouette_change,
        cast(stability_with as double) as stability_with,
        cast(stability_without as double) as stability_without,
        cast(share_explained as double) as share_explained,
        cast(segments_kept_ari as double) as segments_kept_ari,
        recommendation = 'consider leaving out' as is_leave_out_candidate,
        {{ run_started_at_timestamp() }} as computed_at
    from labelled

)

select * from final
