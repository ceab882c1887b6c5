{% macro parquet_reader(path) %}
    {#- A FROM-clause reader of the Parquet files matching path. -#}
    {{- return(adapter.dispatch('parquet_reader', 'user_segmentation')(path)) -}}
{% endmacro %}

{% macro default__parquet_reader(path) %}
    {{- return("read_parquet('" ~ path ~ "')") -}}
{% endmacro %}

{% macro spark__parquet_reader(path) %}
    {{- return("parquet.`" ~ path ~ "`") -}}
{% endmacro %}
