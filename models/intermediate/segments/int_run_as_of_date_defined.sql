{#- One row: the as-of date of the run being built, as user_segments carries it (null for a flat
    profiles file built without the var as_of_date). A view of one row, so the history's hooks and
    tests learn the run's date without scanning every user. -#}

{% if var('user_source') == 'events' %}
    select as_of_date from {{ ref('int_activity_window_defined') }}
{% elif var('user_source') == 'event_log' %}
    select as_of_date from {{ ref('int_event_log_window_defined') }}
{% elif user_table_has_dated_features() %}
    {#- A user table's days_since features are measured at a day (var or newest date). -#}
    select as_of_date from {{ ref('int_as_of_date_defined') }}
{% else %}
    {#- A flat profiles file carries no dates: the as-of date is the var, if set. -#}
    select cast({{ "'" ~ var('as_of_date') ~ "'" if var('as_of_date') else 'null' }} as date) as as_of_date
{% endif %}
