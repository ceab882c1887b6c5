{% macro py_write_table(compiled_code, target_relation=none, temporary=none, relation=none, partitioned_by=none, sorted_by=none) %}
    {#- The code that runs a Python model and writes its result. Overrides the adapters' macro of
        this name for Spark only: the model's pandas or Arrow result goes to Spark through Arrow
        (all-null columns as strings) and `partition_by` is honoured (dbt-spark ignores it for
        Python models, which insert_overwrite by run_id needs). dbt-duckdb's and other adapters'
        own code otherwise. -#}
    {%- if target.type == 'spark' -%}
        {{ spark_py_write_table(compiled_code, target_relation) }}
    {%- elif target.type == 'duckdb' -%}
        {{ dbt.py_write_table(
            temporary=temporary, relation=relation, compiled_code=compiled_code,
            partitioned_by=partitioned_by, sorted_by=sorted_by
        ) }}
    {%- else -%}
        {{ dbt.py_write_table(compiled_code=compiled_code, target_relation=target_relation) }}
    {%- endif -%}
{% endmacro %}

{% macro spark_py_write_table(compiled_code, target_relation) %}
{%- set partition_by = config.get('partition_by', none) -%}
{%- if partition_by is string -%}{%- set partition_by = [partition_by] -%}{%- endif -%}
{{ compiled_code }}
# --- dbt materialization code (user_segmentation macros/python_models/py_write_table.sql) --- #
from user_segmentation.engine import to_spark_dataframe

dbt = dbtObj(spark.table)
df = to_spark_dataframe(spark, model(dbt, spark))
writer = df.write.mode("overwrite").format("{{ config.get('file_format') or 'parquet' }}")
{%- if partition_by %}
writer = writer.partitionBy({{ partition_by | map('tojson') | join(', ') }})
{%- endif %}
writer.saveAsTable("{{ target_relation }}")
{% endmacro %}
