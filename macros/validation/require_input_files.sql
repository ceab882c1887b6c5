{% macro require_input_files(path, var_name) %}
    {#- Stops the build with a message naming the path and the var to fix when no file matches. -#}
    {#- (On Spark the source views made on-run-start already fail with Spark's PATH_NOT_FOUND naming
        the path: Spark SQL has no function listing files.) -#}
    {%- if execute and target.name != 'lint' and target.type != 'spark' -%}
        {%- do require_supported_format(path, var_name) -%}
        {%- set matched = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
        {%- if matched == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Input file not found: no file matches '" ~ path ~ "'. Generate the demo data with "
                ~ "`user-segmentation demo-data`, or point var '" ~ var_name ~ "' at your files, e.g. "
                ~ "dbt build --vars '{\"" ~ var_name ~ "\": \"/path/to/data\"}'."
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
