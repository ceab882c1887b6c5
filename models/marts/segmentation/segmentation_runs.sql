{#- One row per segmentation run: its config, the chosen k, fit quality and row counts. -#}

with

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

assignments as (

    select * from {{ ref('user_segment_scores') }}

),

features as (

    select * from {{ ref('int_user_features_joined') }}

),

run_rows as (

    select
        run_id,
        text_value as run_json
    from model_rows
    where record_type = 'run'

),

row_counts as (

    select
        (select count(*) from features) as feature_rows,
        (select count(*) from assignments) as assigned_users

),

final as (

    select
        run_rows.run_id,
        {{ json_text('run_rows.run_json', 'preset') }} as preset,
        {{ json_text('run_rows.run_json', 'algorithm') }} as algorithm,
        {{ json_text('run_rows.run_json', 'selection_rule') }} as selection_rule,
        {{ json_text('run_rows.run_json', 'config_hash') }} as config_hash,
        {{ json_text('run_rows.run_json', 'input_fingerprint') }} as input_fingerprint,
        {{ json_text('run_rows.run_json', 'config') }} as config_json,
        {{ json_text('run_rows.run_json', 'library_versions') }} as library_versions_json,
        '{{ var("user_source") }}' as user_source,
        cast({{ json_text('run_rows.run_json', 'k') }} as integer) as k,
        cast({{ json_text('run_rows.run_json', 'n_users') }} as bigint) as fitted_users,
        row_counts.feature_rows,
        row_counts.assigned_users,
        cast({{ json_text('run_rows.run_json', 'n_encoded_features') }} as integer) as encoded_features,
        cast({{ json_text('run_rows.run_json', 'inertia') }} as double) as inertia,
        cast({{ json_text('run_rows.run_json', 'silhouette') }} as double) as silhouette,
        cast(
            cast({{ json_text('run_rows.run_json', 'computed_at') }} as timestamp with time zone)
            as timestamp
        ) as computed_at
    from run_rows
    cross join row_counts

)

select * from final
