{#- One row per user: segment id and name, distance to the centre, membership probability, and
    whether the user is an outlier or noise (see int_user_segments_named). -#}

select * from {{ ref('int_user_segments_named') }}
