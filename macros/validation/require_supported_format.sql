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
