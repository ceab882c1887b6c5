{{ config(enabled=var('user_source') == 'events', severity='warn') }}

{#- Warns (does not fail) when the newest event is older than var stale_after_days at build time,
    with a message that says how old; input_freshness is built before this test compiles. -#}
{%- if execute and target.name != 'lint' -%}
    {%- set freshness = run_query(
        "select cast(newest_event_at as " ~ dbt.type_string() ~ "), days_since_newest_event, stale_after_days "
        ~ "from " ~ ref('input_freshness') ~ " where is_stale"
    ) -%}
    {%- for row in freshness.rows -%}
        {%- do exceptions.warn(
            "Stale input: the newest event (" ~ row[0] ~ ") is " ~ row[1] ~ " days old, more than "
            ~ "stale_after_days = " ~ row[2] ~ ". Load newer events, or raise var stale_after_days."
        ) -%}
    {%- endfor -%}
{%- endif %}

select
    newest_event_at,
    days_since_newest_event,
    stale_after_days
from {{ ref('input_freshness') }}
where is_stale
