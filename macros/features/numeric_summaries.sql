{% macro numeric_summaries(features) %}
    {#- avg, median and stddev_pop of each feature, as <feature>__mean, __median, __stddev. -#}
    {%- for feature in features %}
        avg({{ feature }}) as {{ feature }}__mean,
        median({{ feature }}) as {{ feature }}__median,
        stddev_pop({{ feature }}) as {{ feature }}__stddev,
    {%- endfor %}
{%- endmacro %}
