{#- One row per source read by the build: rows read = rows accepted + rows quarantined, top reasons;
    for an event log, the accepted rows no feature read because they fall before the window. -#}

with

reconciled as (

    select * from {{ ref('int_input_rows_reconciled') }}

),

{% if var('user_source') == 'event_log' %}

    rows_in_feature_window as (

        select
            'event_log.events' as source_name,
            sum(window_event_rows) as rows_in_window
        from {{ ref('int_users_event_log_aggregated') }}

    ),

{% endif %}

final as (

    select
        reconciled.source_name,
        reconciled.dbt_invocation_id,
        reconciled.top_reasons,
        reconciled.rows_read,
        reconciled.rows_accepted,
        reconciled.rows_quarantined,
        reconciled.quarantined_share,
        reconciled.rows_missing_user_id,
        reconciled.checked_share,
        {% if var('user_source') == 'event_log' %}
            cast(reconciled.rows_accepted - coalesce(rows_in_feature_window.rows_in_window, 0) as bigint)
        {% else %}
            cast(null as bigint)
        {% endif %} as rows_outside_feature_window,
        reconciled.rows_read = reconciled.rows_accepted + reconciled.rows_quarantined as is_reconciled,
        reconciled.loaded_at
    from reconciled
    {% if var('user_source') == 'event_log' %}
        left join rows_in_feature_window on reconciled.source_name = rows_in_feature_window.source_name
    {% endif %}

)

select * from final
