{% macro numeric_summaries(features) %}
    {#- avg and stddev_pop of each feature, as <feature>__mean and __stddev. -#}
    {%- for feature in features %}
        avg({{ feature }}) as {{ feature }}__mean,
        stddev_pop({{ feature }}) as {{ feature }}__stddev,
    {%- endfor %}
{%- endmacro %}
