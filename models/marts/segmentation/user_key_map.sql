{{ config(enabled=var('expose_user_id')) }}

{#- One row per user: the user id behind each user_key. Built only with var expose_user_id, for
    systems allowed to see user ids (activation in the app's own CRM); everything else joins on
    user_key. -#}

with

scores as (

    select * from {{ ref('int_user_segments_scored') }}

),

final as (

    select
        user_key,
        {% if var('user_source') == 'table' -%}
            cast(user_id as {{ dbt.type_string() }}) as user_id
        {%- else -%}
            user_id
        {%- endif %}
    from scores

)

select * from final
