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

{% macro require_supported_format(path, var_name) %}
    {#- A JSON or spreadsheet file read as CSV gives hundreds of "malformed lines" (a JSON object's
        commas) or a sniffing error: name the format and the conversion instead. The same list and
        advice as user_segmentation.tools.input_formats, which the scaffold uses. -#}
    {%- set conversions = {
        '.json': 'json', '.jsonl': 'json', '.ndjson': 'json',
        '.xlsx': 'spreadsheet', '.xls': 'spreadsheet', '.xlsm': 'spreadsheet', '.ods': 'spreadsheet',
    } -%}
    {%- set lowered = path | lower -%}
    {%- for suffix, kind in conversions.items() if lowered.endswith(suffix) -%}
        {%- if kind == 'json' -%}
            {%- set fix = "convert it to Parquet once, e.g. python -c \"import duckdb; duckdb.sql(\\\"copy (select * from read_json('" ~ path ~ "')) to 'converted.parquet'\\\")\"" -%}
        {%- else -%}
            {%- set fix = "save it as CSV (UTF-8) from the spreadsheet" -%}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "Input file '" ~ path ~ "' (var '" ~ var_name ~ "') is " ~ ("JSON" if kind == 'json' else "a spreadsheet")
            ~ ": the build reads CSV (any delimiter) and Parquet files. " ~ fix[:1] | upper ~ fix[1:]
            ~ ", and point '" ~ var_name ~ "' at the copy."
        ) }}
    {%- endfor -%}
{% endmacro %}
