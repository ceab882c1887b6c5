{#- One row per user: the assigned segment next to every profiled feature and attribute. -#}

with

assignments as (

    select * from {{ ref('int_user_segments_scored') }}

),

features as (

    select * from {{ ref('int_user_features_joined') }}

),

final as (

    select
        assignments.user_id,
        assignments.segment_id,
        assignments.run_id,
        assignments.distance_to_centre,
        {% for attribute in categorical_attribute_names() -%}
            features.{{ attribute }},
        {% endfor -%}
        {% for feature in numeric_feature_names() -%}
            features.{{ feature }},
        {% endfor -%}
        {% if not user_features_are_configured() -%}
            features.age_band_order,
            features.income_band_order,
        {% endif -%}
        features.interests
    from assignments
    inner join features on assignments.user_id = features.user_id

)

select * from final
