{#- One row per user: the nearest centre of the current stored model, computed in SQL from the
    model's encoding and centres (no refit; runs on any engine and on new users). -#}

{%- set encoding = fetch_model_encoding(ref('segmentation_model')) %}

with

features as (

    select * from {{ ref('int_user_features_joined') }}

),

model_rows as (

    select * from {{ ref('segmentation_model') }}

),

current_run as (

    {{ current_run_id(ref('segmentation_model')) }}

),

encoded_users as (

    select
        {% for column in encoding %}
            {{ encoded_value(column) }} as encoded_{{ loop.index }},
        {% endfor %}
        user_id
    from features

),

centres as (

    select
        model_rows.segment_id,
        {% for column in encoding %}
            {%- set encoded_name = column["encoded_feature"] | replace("'", "''") %}
            max(case when model_rows.encoded_feature = '{{ encoded_name }}' then model_rows.value end)
                as centre_{{ loop.index }},
        {% endfor %}
        model_rows.run_id
    from model_rows
    inner join current_run on model_rows.run_id = current_run.run_id
    where model_rows.record_type = 'centre'
    group by model_rows.segment_id, model_rows.run_id

),

distances as (

    select
        encoded_users.user_id,
        centres.segment_id,
        centres.run_id,
        {% for column in encoding %}
            power(encoded_users.encoded_{{ loop.index }} - centres.centre_{{ loop.index }}, 2)
            {% if not loop.last %}+{% endif %}
        {% else %}
            cast(null as double)
        {% endfor %} as squared_distance
    from encoded_users
    cross join centres

),

ranked as (

    select
        user_id,
        segment_id,
        run_id,
        squared_distance,
        row_number() over (partition by user_id order by squared_distance asc, segment_id asc) as distance_rank
    from distances

),

final as (

    select
        user_id,
        cast(segment_id as integer) as segment_id,
        run_id,
        sqrt(squared_distance) as distance_to_centre
    from ranked
    where distance_rank = 1

)

select * from final
