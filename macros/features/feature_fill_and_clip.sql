{% macro missing_fill_rules() %}
    {#- What a feature's missing values may be filled with: the median of the users with a value,
        zero, or the largest value (`max`: a blank last-login date means never, as long ago as the
        longest-lapsed user, not a typical recency). -#}
    {{ return(['median', 'zero', 'max']) }}
{% endmacro %}

{% macro fill_and_clip_bounds(users, features, zero_fill) %}
    {#- A select of one row over the rows of users: for each numeric feature the value its missing
        values are filled with (<name>__fill: zero_fill with `missing: zero`, the largest value
        with `missing: max`, else the median) and,
        when it is clipped, its winsorize quantiles (<name>__low, <name>__high); and the rows
        counted (users). -#}
    select
        {% for feature in features -%}
            {%- if feature['missing'] == 'zero' %}
                {{ zero_fill }} as {{ feature['name'] }}__fill,
            {%- elif feature['missing'] == 'max' %}
                max({{ feature['name'] }}) as {{ feature['name'] }}__fill,
            {%- else %}
                percentile_cont(0.5) within group (order by {{ feature['name'] }}) as {{ feature['name'] }}__fill,
            {%- endif %}
            {%- if feature['winsorize'] %}
                percentile_cont({{ feature['winsorize'][0] }}) within group (order by {{ feature['name'] }})
                    as {{ feature['name'] }}__low,
                percentile_cont({{ feature['winsorize'][1] }}) within group (order by {{ feature['name'] }})
                    as {{ feature['name'] }}__high,
            {%- endif %}
        {% endfor -%}
        count(*) as users
    from {{ users }}
{%- endmacro %}

{% macro filled_and_clipped(feature, users, bounds) %}
    {#- The feature's value from users, filled from bounds (fill_and_clip_bounds) when missing and
        clipped to its winsorize quantiles when it has them. -#}
    {%- set filled = 'coalesce(' ~ users ~ '.' ~ feature['name'] ~ ', ' ~ bounds ~ '.' ~ feature['name'] ~ '__fill)' -%}
    {%- if feature['winsorize'] -%}
        least(greatest({{ filled }}, {{ bounds }}.{{ feature['name'] }}__low), {{ bounds }}.{{ feature['name'] }}__high)
    {%- else -%}
        {{ filled }}
    {%- endif -%}
{%- endmacro %}
