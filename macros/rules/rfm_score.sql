{% macro rfm_score(measure, bounds) %}
    {#- A user's score (1-5) on one of rfm_measures(): the first score whose bound (a column
        <bounds>.<measure>_bound_<score> of int_rfm_score_bounds, the last value in the measure's
        order that scores at most that) the value does not pass, else 5. The scores rise with the
        value's order, so this gives every value the score of its cume_dist without joining users
        to their values; a null bound (no value scores that low) is skipped, a null value scores
        5 (nulls last). Users not active in the window get 0 from the caller. -#}
    {%- set compare = '>=' if measure.descending else '<=' %}
    case
        {% for score in range(1, 5) %}
            when {{ measure.name }} {{ compare }} {{ bounds }}.{{ measure.name }}_bound_{{ score }} then {{ score }}
        {% endfor %}
        else 5
    end
{%- endmacro %}
