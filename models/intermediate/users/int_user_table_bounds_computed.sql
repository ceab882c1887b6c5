{{ config(enabled=var('user_source') == 'table', materialized='table') }}
{%- set user_table = user_table_config() %}

{#- One row: for each numeric feature of the configured table, the value missing values are filled
    with (`__fill`: the median of the usable rows, or 0 with `missing: zero`) and, with
    `winsorize`, the quantiles values are clipped to (`__low`, `__high`). Read by the feature
    table that applies them and by input_feature_quality that reports them. A table: the
    medians and quantiles scan every user once, not once per reader. -#}

{{ fill_and_clip_bounds(ref('stg_user_table__users'), user_table['numeric_features'], 'cast(0 as double)') }}
