{#- One row per profiled feature: its human label and, for numeric features, the phrases segment
    names use and the unit. From the seed demo_feature_labels (numeric) and fixed attribute labels for
    the events and profiles_csv shapes; from var user_table or event_log for those input shapes. -#}

{%- set attribute_labels = {
    'age_band': 'Age', 'gender': 'Gender', 'income_band': 'Income', 'location': 'Location',
    'language': 'Language', 'education': 'Education', 'device': 'Device',
} %}

with

{% if user_features_are_configured() %}
    {%- set user_table = configured_user_features() %}

    numeric_labels as (

        {% for feature in user_table['numeric_features'] -%}
            select
                '{{ feature["name"] }}' as feature_name,
                '{{ feature["label"] | replace("'", "''") }}' as feature_label,
                {{ sql_text(feature["high_phrase"]) }} as high_phrase,
                {{ sql_text(feature["low_phrase"]) }} as low_phrase,
                '{{ feature["unit"] | replace("'", "''") }}' as unit,
                {{ sql_text((feature.get("scale_answers") or []) | join(" | ") or none) }} as scale_answers
            {% if not loop.last %}union all{% endif %}
        {% else -%}
            select
                cast(null as {{ dbt.type_string() }}) as feature_name,
                cast(null as {{ dbt.type_string() }}) as feature_label,
                cast(null as {{ dbt.type_string() }}) as high_phrase,
                cast(null as {{ dbt.type_string() }}) as low_phrase,
                cast(null as {{ dbt.type_string() }}) as unit,
                cast(null as {{ dbt.type_string() }}) as scale_answers
            where false
        {% endfor %}

    ),

    categorical_labels as (

        {% for feature in user_table['categorical_features'] -%}
            select
                '{{ feature["name"] }}' as feature_name,
                '{{ feature["label"] | replace("'", "''") }}' as feature_label
            {% if not loop.last %}union all{% endif %}
        {% else -%}
            select
                cast(null as {{ dbt.type_string() }}) as feature_name,
                cast(null as {{ dbt.type_string() }}) as feature_label
            where false
        {% endfor %}

    ),

{% else %}

    numeric_labels as (

        select
            feature_name,
            feature_label,
            high_phrase,
            low_phrase,
            unit,
            cast(null as {{ dbt.type_string() }}) as scale_answers
        from {{ ref('demo_feature_labels') }}

    ),

    categorical_labels as (

        {% for attribute in categorical_attribute_names() -%}
            select
                '{{ attribute }}' as feature_name,
                '{{ attribute_labels.get(attribute, attribute) }}' as feature_label
            {% if not loop.last %}union all{% endif %}
        {% endfor %}

    ),

{% endif %}

final as (

    select
        feature_name,
        'numeric' as feature_kind,
        feature_label,
        high_phrase,
        low_phrase,
        unit,
        scale_answers
    from numeric_labels
    union all
    select
        feature_name,
        'categorical' as feature_kind,
        feature_label,
        cast(null as {{ dbt.type_string() }}) as high_phrase,
        cast(null as {{ dbt.type_string() }}) as low_phrase,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as {{ dbt.type_string() }}) as scale_answers
    from categorical_labels

)

select * from final
