{{ config(materialized='table') }}

{#- One row per user: the segment of the current stored model, scored in SQL from the model's
    encoding and per-segment parameters (no refit; runs on any engine and on new users). The rule
    matches user_segmentation.algorithms.score: nearest centre, most likely diagonal Gaussian
    component, or nearest centre within the segment radius (else noise, segment 0). -#}

{%- set encoding = fetch_model_encoding(ref('segmentation_model')) %}
{%- set rule = fetch_scoring_rule(ref('segmentation_model')) %}

with

features as (

    select * from {{ ref('int_user_features_joined') }}

),

current_model_rows as (

    select * from {{ ref('int_segmentation_model_current') }}

),

encoded_users as (

    select
        {% for column in encoding %}
            {{ encoded_value(column) }} as encoded_{{ loop.index }},
        {% endfor %}
        user_id
    from features

),

segment_parameters as (

    select
        segment_id,
        {% for column in encoding %}
            {%- set encoded_name = column["encoded_feature"] | replace("'", "''") %}
            max(case when record_type = 'centre' and encoded_feature = '{{ encoded_name }}' then value end)
                as centre_{{ loop.index }},
            max(case when record_type = 'variance' and encoded_feature = '{{ encoded_name }}' then value end)
                as variance_{{ loop.index }},
        {% endfor %}
        max(case when record_type = 'segment' and metric = 'log_weight' then value end) as log_weight,
        max(case when record_type = 'segment' and metric = 'radius' then value end) as radius,
        max(run_id) as run_id
    from current_model_rows
    where record_type in ('centre', 'variance', 'segment')
    group by segment_id

),

distances as (

    select
        encoded_users.user_id,
        segment_parameters.segment_id,
        segment_parameters.run_id,
        segment_parameters.radius,
        {% for column in encoding %}
            power(encoded_users.encoded_{{ loop.index }} - segment_parameters.centre_{{ loop.index }}, 2)
            {% if not loop.last %}+{% endif %}
        {% endfor %} as squared_distance,
        {% if rule == 'gaussian_diag' %}
            segment_parameters.log_weight - 0.5 * (
                {% for column in encoding %}
                    ln(segment_parameters.variance_{{ loop.index }})
                    + power(encoded_users.encoded_{{ loop.index }} - segment_parameters.centre_{{ loop.index }}, 2)
                    / segment_parameters.variance_{{ loop.index }}
                    {% if not loop.last %}+{% endif %}
                {% endfor %}
            )
        {% else %}
            cast(null as double)
        {% endif %} as gaussian_log_score
    from encoded_users
    cross join segment_parameters

),

ranked as (

    select
        user_id,
        segment_id,
        run_id,
        radius,
        squared_distance,
        {{ 'gaussian_log_score' if rule == 'gaussian_diag' else '-1 * squared_distance' }} as log_score,
        max({{ 'gaussian_log_score' if rule == 'gaussian_diag' else '-1 * squared_distance' }})
            over (partition by user_id) as best_log_score
    from distances

),

ordered as (

    select
        *,
        row_number() over (partition by user_id order by log_score desc, segment_id asc) as score_rank
    from ranked

),

probabilities as (

    select
        user_id,
        sum(exp(log_score - best_log_score)) as relative_likelihood_total
    from ranked
    group by user_id

),

final as (

    select
        ranked.user_id,
        {{ user_key('ranked.user_id') }} as user_key,
        ranked.run_id,
        sqrt(ranked.squared_distance) as distance_to_centre,
        {{ run_started_at_timestamp() }} as computed_at,
        {% if rule == 'nearest_centre_within_radius' %}
            cast(case when sqrt(ranked.squared_distance) > ranked.radius then 0 else ranked.segment_id end as integer)
                as segment_id,
            case when sqrt(ranked.squared_distance) > ranked.radius then cast(0 as double) else cast(1 as double) end
                as membership_probability
        {% elif rule == 'gaussian_diag' %}
            cast(ranked.segment_id as integer) as segment_id,
            1.0 / probabilities.relative_likelihood_total as membership_probability
        {% else %}
            cast(ranked.segment_id as integer) as segment_id,
            cast(1 as double) as membership_probability
        {% endif %}
    from ordered as ranked
    inner join probabilities on ranked.user_id = probabilities.user_id
    where ranked.score_rank = 1

)

-- In user order, like the feature table: downstream float averages must not depend on row order.
select * from final
order by user_id
