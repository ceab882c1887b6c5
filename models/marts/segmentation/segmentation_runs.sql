{#- One row per segmentation run ever stored: config, chosen k and how, fit quality, stability,
    and for the current run the row counts from the feature table to the scored users. -#}

with

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

scores as (

    select * from {{ ref('int_user_segments_scored') }}

),

features as (

    select * from {{ ref('int_user_features_joined') }}

),

current_run as (

    {{ current_run_id(ref('segmentation_model')) }}

),

run_rows as (

    select
        run_id,
        computed_at,
        text_value as run_json
    from model_rows
    where record_type = 'run'

),

row_counts as (

    select
        (select count(*) from features) as feature_rows,
        (select count(*) from scores) as assigned_users

),

final as (

    select
        run_rows.run_id,
        {{ json_text('run_rows.run_json', 'preset') }} as preset,
        {{ json_text('run_rows.run_json', 'algorithm') }} as algorithm,
        {{ json_text('run_rows.run_json', 'scoring_rule') }} as scoring_rule,
        {{ json_text('run_rows.run_json', 'selection_rule') }} as selection_rule,
        {{ json_text('run_rows.run_json', 'structure_verdict') }} as structure_verdict,
        {{ json_text('run_rows.run_json', 'fit_decision') }} as fit_decision,
        {{ json_text('run_rows.run_json', 'config_hash') }} as config_hash,
        {{ json_text('run_rows.run_json', 'input_fingerprint') }} as input_fingerprint,
        {{ json_text('run_rows.run_json', 'config') }} as config_json,
        {{ json_text('run_rows.run_json', 'library_versions') }} as library_versions_json,
        '{{ var("user_source") }}' as user_source,
        cast({{ json_text('run_rows.run_json', 'k') }} as integer) as k,
        cast({{ json_text('run_rows.run_json', 'n_users') }} as bigint) as fitted_users,
        case when current_run.run_id is not null then row_counts.feature_rows end as feature_rows,
        case when current_run.run_id is not null then row_counts.assigned_users end as assigned_users,
        cast({{ json_text('run_rows.run_json', 'n_encoded_features') }} as integer) as encoded_features,
        cast({{ json_text('run_rows.run_json', 'inertia') }} as double) as inertia,
        cast({{ json_text('run_rows.run_json', 'silhouette') }} as double) as silhouette,
        cast({{ json_text('run_rows.run_json', 'stability_mean_ari') }} as double) as stability_mean_ari,
        cast({{ json_text('run_rows.run_json', 'noise_share') }} as double) as noise_share,
        current_run.run_id is not null as is_current,
        run_rows.computed_at
    from run_rows
    cross join row_counts
    left join current_run on run_rows.run_id = current_run.run_id

)

select * from final
