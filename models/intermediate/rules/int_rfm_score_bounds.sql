{{ config(materialized='table') }}

{#- One row: for each measure of the rule baseline (rfm_measures), the last value in the measure's
    order (the order its scores rise in: most days since last seen first, else lowest first) that
    scores at most 1, 2, 3 and 4,
    where a value's score is ceil(5 x cume_dist) among the users active in the feature window (the
    1e-9 keeps a share of exactly 2/5, say, in score 2 despite floating-point error). Tied users
    share a value, so they share a score and the scores do not depend on row order. rfm_score
    turns a user's value into its score with these bounds: one row cross joined to every user
    instead of a join of every user to the scores of their values (which, with user_rule_segments
    as a table of its own, took 14.7 s of the 1B-event build's last minute). -#}

with

user_features as (

    select * from {{ ref('int_user_features_joined') }}

),

active_users as (

    select
        {% for measure in rfm_measures() %}
            {{ measure.expression }} as {{ measure.name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from user_features
    where active_days > 0

),

{% for measure in rfm_measures() %}
    {{ measure.name }}__scored as (

        {#- cume_dist() over (order by the measure), without sorting every user: the users per
            distinct value, summed in the value's order over all active users. -#}
        select
            {{ measure.name }},
            cast(ceil(5 * cume_dist - 1e-9) as integer) as score
        from (
            select
                {{ measure.name }},
                sum(users) over (
                    order by {{ measure.name }} {% if measure.descending %}desc{% endif %} nulls last
                    rows between unbounded preceding and current row
                ) / sum(users) over () as cume_dist
            from (
                select
                    {{ measure.name }},
                    count(*) as users
                from active_users
                group by 1
            ) as users_per_value
        ) as values_ranked

    ),

    {{ measure.name }}__bounds as (

        select
            {% for score in range(1, 5) %}
                {{ 'min' if measure.descending else 'max' }}(case when score <= {{ score }} then {{ measure.name }} end)
                    as {{ measure.name }}_bound_{{ score }}{% if not loop.last %},{% endif %}
            {% endfor %}
        from {{ measure.name }}__scored

    ),

{% endfor %}

final as (

    select *
    {% for measure in rfm_measures() %}
        {% if loop.first %}from{% else %}cross join{% endif %} {{ measure.name }}__bounds
    {% endfor %}

)

select * from final
