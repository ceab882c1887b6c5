{#- One row per quarantined raw row of every source the build reads (the user_source decides which). -#}

with

{% if var('user_source') == 'events' %}

    events_quarantined as (

        select * from {{ ref('stg_app__events_quarantined') }}

    ),

    users_quarantined as (

        select * from {{ ref('stg_app__users_quarantined') }}

    ),

    unioned as (

        select * from users_quarantined
        union all
        select * from events_quarantined

    ),

{% else %}

    profiles_quarantined as (

        select * from {{ ref('stg_flat_profiles__user_profiles_quarantined') }}

    ),

    unioned as (

        select * from profiles_quarantined

    ),

{% endif %}

final as (

    select
        source_name,
        source_file,
        source_row_number,
        record_id,
        quarantine_reason,
        quarantine_column,
        raw_value
    from unioned

)

select * from final
