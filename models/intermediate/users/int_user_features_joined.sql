{#- On DuckDB, a view over a one-row-per-user input (no aggregate): the flat CSV's typed table (a
    copy of 10M users took 4.7 s) or the user table's (a copy took 6.1-7.8 s; the view maps
    categories through a table of a few rows per feature), and each reader scans the view in a
    tenth of a second or two more. -#}
{{ config(
    materialized='view'
    if var('user_source') in ['profiles_csv', 'table'] and target.type == 'duckdb'
    else 'table'
) }}
-- depends_on: {{ ref('int_input_rows_reconciled') }}
{{ require_quarantine_below_thresholds() }}
{%- set aggregated_users = {'events': 'stg_app__users', 'event_log': 'int_users_event_log_aggregated'} %}
{%- set sorted_by_user = target.type != 'duckdb' or (
    var('user_source') in aggregated_users
    and rows_in_model(aggregated_users[var('user_source')]) <= duckdb_row_group_rows()
) %}

{#- One row per user: demographics, band order and activity features, the same columns whatever the
    input shape (events, profiles_csv). With user_source table: the configured columns of the
    user's own table; with event_log, the features declared for the user's own events. A table,
    because the Python models and every mart read it.

    Stored in user order only where that makes rebuilds give identical marts: users aggregated from
    events (written in no fixed order) up to one DuckDB row group, which one thread reads in the
    stored order, so segment-level float averages come out the same on every build. Above a row
    group DuckDB's parallel aggregates add floats in thread order whatever the stored order (six
    runs of one 10M-user average gave six different last digits), so the sort is skipped: 2.7 s of
    this model's 6.2 s at 10M users. A one-row-per-user input (flat CSV, user table) is never
    sorted: up to a row group, one thread writes it in the file's order on every build. The Python
    models sort what they read by user themselves. -#}

{% if var('user_source') == 'table' %}

    select * from {{ ref('int_user_features_from_table') }}
    {% if sorted_by_user %}order by user_id{% endif %}

{% elif var('user_source') == 'event_log' %}

    select * from {{ ref('int_user_features_from_event_log') }}
    {% if sorted_by_user %}order by user_id{% endif %}

{% else %}

    with

    user_features as (

        {% if var('user_source') == 'events' %}
            select * from {{ ref('int_user_features_from_events') }}
        {% else %}
            select * from {{ ref('int_user_features_from_profiles') }}
        {% endif %}

    ),

    bands as (

        select * from {{ ref('category_bands') }}

    ),

    final as (

        select
            user_features.user_id,
            user_features.age_band,
            user_features.gender,
            user_features.income_band,
            user_features.location,
            user_features.language,
            user_features.education,
            user_features.device,
            user_features.interests,
            age_bands.band_order as age_band_order,
            income_bands.band_order as income_band_order,
            {% for feature in numeric_feature_names() %}
                user_features.{{ feature }},
            {% endfor %}
            user_features.ad_impressions > 0 as has_ad_impressions,
            user_features.last_seen_at
        from user_features
        left join bands as age_bands
            on
                age_bands.attribute = 'age_band'
                and user_features.age_band = age_bands.band
        left join bands as income_bands
            on
                income_bands.attribute = 'income_band'
                and user_features.income_band = income_bands.band

    )

    select * from final
    {% if sorted_by_user %}order by user_id{% endif %}

{% endif %}
