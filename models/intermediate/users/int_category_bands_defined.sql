{#- One row per banded attribute and band: the display order of ordered categories. From the seed
    category_bands for the events and profiles_csv shapes; from the `order` lists of var
    user_table's categorical features for user_source table. -#}

with

{% if user_features_are_configured() %}
    {%- set ordered = configured_user_features()['categorical_features'] | selectattr('order') | list %}

    bands as (

        {% for feature in ordered -%}
            {% set outer_loop = loop -%}
            {% for band in feature['order'] -%}
                select
                    '{{ feature["name"] }}' as attribute,
                    '{{ band | string | replace("'", "''") }}' as band,
                    {{ loop.index }} as band_order
                {% if not (loop.last and outer_loop.last) %}union all{% endif %}
            {% endfor %}
        {% else -%}
            select
                cast(null as {{ dbt.type_string() }}) as attribute,
                cast(null as {{ dbt.type_string() }}) as band,
                cast(null as integer) as band_order
            where false
        {% endfor %}

    ),

{% else %}

    bands as (

        select
            attribute,
            band,
            band_order
        from {{ ref('category_bands') }}

    ),

{% endif %}

final as (

    select
        cast(attribute as {{ dbt.type_string() }}) as attribute,
        cast(band as {{ dbt.type_string() }}) as band,
        cast(band_order as integer) as band_order
    from bands

)

select * from final
