{{ config(enabled=var('user_source') == 'table') }}
{%- set user_table = user_table_config() %}

{#- One row: for each numeric feature of the configured table, the value missing values are filled
    with (`__fill`: the median of the usable rows, or 0 with `missing: zero`) and, with
    `winsorize`, the quantiles values are clipped to (`__low`, `__high`). Read by the feature
    table that applies them and by input_feature_quality that reports them. -#}

with

users as (

    select * from {{ ref('stg_user_table__users') }}

),

final as (

    select
        {% for feature in user_table['numeric_features'] -%}
            {%- if feature['missing'] == 'zero' -%}
                cast(0 as double) as {{ feature['name'] }}__fill,
            {%- else -%}
                percentile_cont(0.5) within group (order by {{ feature['name'] }}) as {{ feature['name'] }}__fill,
            {%- endif %}
            {% if feature['winsorize'] -%}
                percentile_cont({{ feature['winsorize'][0] }}) within group (order by {{ feature['name'] }})
                    as {{ feature['name'] }}__low,
                percentile_cont({{ feature['winsorize'][1] }}) within group (order by {{ feature['name'] }})
                    as {{ feature['name'] }}__high,
            {% endif -%}
        {% endfor -%}
        count(*) as users
    from users

)

select * from final
