{#- Written in the order the feature table is read (keep_file_order, and no join or window below,
    only a cross join with one row of parameters), so downstream float averages do not depend on
    the order tables were written in, without sorting 10M users again (an order by took 4-6 s).
    Where the feature table is a view with joins (flat CSV, user table), that is the file's order
    up to one row group, the size where it matters (above, parallel sums follow the threads). -#}
{#- The contract (DuckDB, user ids known to be bigints when dbt parses the project) only declares
    the table's columns up front, so user_key can be stored uncompressed (see the yml): DuckDB's
    dictionary and FSST compression of 10M random 64-character keys cost 5.5 CPU seconds. -#}
{{ config(
    materialized='table',
    contract={'enforced': target.type == 'duckdb' and user_ids_are_whole_numbers()},
    pre_hook="{{ keep_file_order(true) }}",
    post_hook="{{ keep_file_order(false) }}",
) }}

{#- One row per user: the segment of the current stored model, scored in SQL from the model's
    encoding and per-segment parameters (no refit; runs on any engine and on new users). The rule
    matches user_segmentation.segmentation.algorithms.score: nearest centre, most likely diagonal Gaussian
    component, or nearest centre within the segment radius (else noise, segment 0). -#}

{%- set encoding = fetch_model_encoding(ref('segmentation_model')) %}
{%- set rule = fetch_scoring_rule(ref('segmentation_model')) %}
{%- set segment_ids = fetch_segment_ids(ref('segmentation_model')) %}
{%- set carries_activity = var('user_source') == 'events' %}
{%- set activity_measures = rfm_measures() if carries_activity else [] %}
{%- set log_score_columns = [] %}
{%- for segment_id in segment_ids %}
    {%- do log_score_columns.append('log_score_' ~ segment_id) %}
{%- endfor %}

{#- Every segment's parameters are columns of one row, so each user is scored in one pass over the
    users: no join to k rows per user and no window to rank them (3x faster at 1.2M users). Ties go
    to the lowest segment id, as in the Python rule. A difference is squared by multiplying it by
    itself, as numpy does: DuckDB's power(x, 2) made scoring 10M users 4.5x slower. -#}

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
        {% for measure in activity_measures %}
            {{ measure.expression }} as {{ measure.name }},
        {% endfor %}
        user_id
    from features

),

model_parameters as (

    select
        {% for segment_id in segment_ids %}
            {%- set of_segment = "record_type = '%s' and segment_id = " ~ segment_id %}
            {% for column in encoding %}
                {%- set of_feature = "encoded_feature = '" ~ (column["encoded_feature"] | replace("'", "''")) ~ "'" %}
                max(case when {{ of_segment | format('centre') }} and {{ of_feature }} then value end)
                    as centre_{{ segment_id }}_{{ loop.index }},
                max(case when {{ of_segment | format('variance') }} and {{ of_feature }} then value end)
                    as variance_{{ segment_id }}_{{ loop.index }},
            {% endfor %}
            max(case when {{ of_segment | format('segment') }} and metric = 'log_weight' then value end)
                as log_weight_{{ segment_id }},
            max(case when {{ of_segment | format('segment') }} and metric = 'radius' then value end)
                as radius_{{ segment_id }},
        {% endfor %}
        max(run_id) as run_id
    from current_model_rows
    where record_type in ('centre', 'variance', 'segment')

),

distances as (

    select
        encoded_users.user_id,
        {% for measure in activity_measures %}
            encoded_users.{{ measure.name }},
        {% endfor %}
        {% for segment_id in segment_ids %}
            model_parameters.radius_{{ segment_id }},
        {% endfor %}
        {% for segment_id in segment_ids %}
            {% for column in encoding %}
                {%- set centre = 'model_parameters.centre_' ~ segment_id ~ '_' ~ loop.index %}
                {%- set difference = '(encoded_users.encoded_' ~ loop.index ~ ' - ' ~ centre ~ ')' %}
                {{ difference }} * {{ difference }}
                {% if not loop.last %}+{% endif %}
            {% endfor %} as squared_distance_{{ segment_id }},
            {% if rule == 'gaussian_diag' %}
                model_parameters.log_weight_{{ segment_id }} - 0.5 * (
                    {% for column in encoding %}
                        {%- set centre = 'model_parameters.centre_' ~ segment_id ~ '_' ~ loop.index %}
                        {%- set difference = '(encoded_users.encoded_' ~ loop.index ~ ' - ' ~ centre ~ ')' %}
                        {%- set variance = 'model_parameters.variance_' ~ segment_id ~ '_' ~ loop.index %}
                        ln({{ variance }})
                        + {{ difference }} * {{ difference }} / {{ variance }}
                        {% if not loop.last %}+{% endif %}
                    {% endfor %}
                ) as log_score_{{ segment_id }},
            {% endif %}
        {% endfor %}
        model_parameters.run_id
    from encoded_users
    cross join model_parameters

),

log_scored as (

    {#- Nearest centre (with or without a radius): the score is minus the squared distance. -#}
    select
        {% if rule != 'gaussian_diag' %}
            {% for segment_id in segment_ids %}
                -1 * squared_distance_{{ segment_id }} as log_score_{{ segment_id }},
            {% endfor %}
        {% endif %}
        *
    from distances

),

best_scored as (

    select
        *,
        {{ greatest_of(log_score_columns) }} as best_log_score
    from log_scored

),

best_chosen as (

    select
        user_id,
        {% for measure in activity_measures %}
            {{ measure.name }},
        {% endfor %}
        run_id,
        case
            {% for segment_id in segment_ids %}
                when log_score_{{ segment_id }} = best_log_score then {{ segment_id }}
            {% endfor %}
        end as best_segment_id,
        case
            {% for segment_id in segment_ids %}
                when log_score_{{ segment_id }} = best_log_score then squared_distance_{{ segment_id }}
            {% endfor %}
        end as squared_distance,
        case
            {% for segment_id in segment_ids %}
                when log_score_{{ segment_id }} = best_log_score then radius_{{ segment_id }}
            {% endfor %}
        end as radius,
        {% for segment_id in segment_ids %}
            exp(log_score_{{ segment_id }} - best_log_score){% if not loop.last %} +{% endif %}
        {% endfor %} as relative_likelihood_total
    from best_scored

),

final as (

    select
        user_id,
        {{ user_key('user_id') }} as user_key,
        run_id,
        sqrt(squared_distance) as distance_to_centre,
        {{ run_started_at_timestamp() }} as computed_at,
        {% if rule == 'nearest_centre_within_radius' %}
            cast(case when sqrt(squared_distance) > radius then 0 else best_segment_id end as integer)
                as segment_id,
            case when sqrt(squared_distance) > radius then cast(0 as double) else cast(1 as double) end
                as membership_probability,
        {% elif rule == 'gaussian_diag' %}
            cast(best_segment_id as integer) as segment_id,
            1.0 / relative_likelihood_total as membership_probability,
        {% else %}
            cast(best_segment_id as integer) as segment_id,
            cast(1 as double) as membership_probability,
        {% endif %}
        {#- The rule baseline's activity measures (events input; null otherwise), carried here so
            user_rule_segments is this table with a score per measure, not a second table of every
            user joined to this one by user id. -#}
        {% for measure in rfm_measures() %}
            {% if carries_activity %}
                cast({{ measure.name }} as double)
            {%- else %}
                cast(null as double)
            {%- endif %} as {{ measure.name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from best_chosen

)

select * from final
{% if target.type != 'duckdb' %}order by user_id{% endif %}
