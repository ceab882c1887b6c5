{% macro replace_run_strategy() %}
    {#- Incremental strategy of the tables where a rerun replaces its own run's rows: delete+insert;
        on Spark (Parquet tables have no deletes) insert_overwrite of the run_id partition. -#}
    {{- return('insert_overwrite' if target.type == 'spark' else 'delete+insert') -}}
{% endmacro %}

{% macro replace_run_partition() %}
    {#- partition_by to go with replace_run_strategy: run_id on Spark, none elsewhere. -#}
    {{- return(['run_id'] if target.type == 'spark' else none) -}}
{% endmacro %}
