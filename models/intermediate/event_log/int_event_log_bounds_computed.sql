{{ config(materialized='table') }}
{%- set log = event_log_config() %}

{#- One row: for each declared feature of the event log, the value its missing values are filled
    with (`__fill`: the median over users, or 0 with `missing: zero`; a mean, minimum or maximum is
    missing when none of the user's events matched its filter) and, with `winsorize`, the
    quantiles values are clipped to (`__low`, `__high`). Read by the feature table that applies
    them and by input_feature_quality that reports them. -#}

{{ fill_and_clip_bounds(ref('int_users_event_log_aggregated'), log['numeric_features'], '0') }}
