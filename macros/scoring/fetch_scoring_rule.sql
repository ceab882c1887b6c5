{% macro fetch_scoring_rule(model_relation) %}
    {#- The scoring rule of the newest run: nearest_centre, gaussian_diag or nearest_centre_within_radius. -#}
    {%- set rows = current_model_rows(model_relation, 'run', [json_text('text_value', 'scoring_rule')]) -%}
    {{ return('nearest_centre' if rows is none else rows.columns[0].values()[0]) }}
{% endmacro %}
