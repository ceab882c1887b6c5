{{ config(materialized='table') }}

{#- One row per source read by this build: rows read = rows accepted + rows quarantined, with the
    share quarantined and the most frequent reasons. Counts come from three different models (every
    raw row: the typed rows, whose count(*) needs no join; the
    accepted rows; the quarantined rows), so a rule applied to one and not the other, or a join
    that repeats rows, shows up here. A table: the threshold check and the mart read it. -#}

{%- if var('user_source') == 'events' -%}
    {%- set sources = [
        ('app.users', 'stg_app__users_validated', 'stg_app__users'),
        ('app.events', 'stg_app__events_typed', 'stg_app__events'),
    ] -%}
{%- elif var('user_source') == 'table' -%}
    {%- set sources = [
        ('user_table.users', 'stg_user_table__users_typed', 'stg_user_table__users'),
    ] -%}
{%- elif var('user_source') == 'event_log' -%}
    {%- set sources = [
        ('event_log.events', 'stg_event_log__events_typed', 'stg_event_log__events'),
    ] -%}
{%- else -%}
    {%- set sources = [
        ('flat_profiles.user_profiles', 'stg_flat_profiles__user_profiles_typed',
         'stg_flat_profiles__user_profiles'),
    ] -%}
{%- endif %}

with

quarantined as (

    select * from {{ ref('int_input_rows_quarantined') }}

),

rows_read_and_accepted as (

    {% for source_name, validated, accepted in sources %}
        select
            '{{ source_name }}' as source_name,
            (select count(*) from {{ ref(validated) }}) as rows_read,
            (select count(*) from {{ ref(accepted) }}) as rows_accepted
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

reasons_counted as (

    select
        source_name,
        quarantine_reason,
        count(*) as reason_rows
    from quarantined
    group by 1, 2

),

reasons_ranked as (

    select
        source_name,
        quarantine_reason || ': ' || cast(reason_rows as {{ dbt.type_string() }}) as reason_with_rows,
        row_number() over (
            partition by source_name order by reason_rows desc, quarantine_reason asc
        ) as reason_rank
    from reasons_counted

),

reasons_per_source as (

    select
        source_name,
        sum(reason_rows) as rows_quarantined,
        sum(case when quarantine_reason = 'missing_user_id' then reason_rows else 0 end)
            as rows_missing_user_id
    from reasons_counted
    group by 1

),

top_reasons as (

    select
        source_name,
        {{ dbt.listagg('reason_with_rows', "', '", 'order by reason_rank') }} as top_reasons
    from reasons_ranked
    where reason_rank <= 3
    group by 1

),

final as (

    select
        rows_read_and_accepted.source_name,
        '{{ invocation_id }}' as dbt_invocation_id,
        rows_read_and_accepted.rows_read,
        rows_read_and_accepted.rows_accepted,
        cast(coalesce(reasons_per_source.rows_quarantined, 0) as bigint) as rows_quarantined,
        coalesce(reasons_per_source.rows_quarantined, 0)
        / cast(nullif(rows_read_and_accepted.rows_read, 0) as double) as quarantined_share,
        cast(coalesce(reasons_per_source.rows_missing_user_id, 0) as bigint) as rows_missing_user_id,
        {#- The share the quarantine limits apply to: with missing_user_id_share_limit set, the
            rows quarantined for other reasons over the rows that have a user id. -#}
        {% if var('missing_user_id_share_limit') is not none %}
            (coalesce(reasons_per_source.rows_quarantined, 0) - coalesce(reasons_per_source.rows_missing_user_id, 0))
            / cast(nullif(rows_read_and_accepted.rows_read - coalesce(reasons_per_source.rows_missing_user_id, 0), 0) as double)
        {% else %}
            coalesce(reasons_per_source.rows_quarantined, 0)
            / cast(nullif(rows_read_and_accepted.rows_read, 0) as double)
        {% endif %} as checked_share,
        coalesce(top_reasons.top_reasons, '') as top_reasons,
        {{ run_started_at_timestamp() }} as loaded_at
    from rows_read_and_accepted
    left join reasons_per_source on rows_read_and_accepted.source_name = reasons_per_source.source_name
    left join top_reasons on rows_read_and_accepted.source_name = top_reasons.source_name

)

select * from final
