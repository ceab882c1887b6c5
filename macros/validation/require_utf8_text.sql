{% macro require_utf8_text(path, var_name, source_label) %}
    {#- CSV inputs must be UTF-8: DuckDB's reader stops at the first byte it cannot decode and
        suggests ignore_errors, which would drop rows silently. Stops the build naming the file and
        the fix instead. Files up to 256 MB are checked (read whole); larger ones are left to the
        reader's own error, as are compressed files (.gz, .zst: their bytes are not text). -#}
    {%- set limit_bytes = 268435456 -%}
    {%- set sizes = run_query("select filename, size from read_blob('" ~ path ~ "')") -%}
    {%- for row in sizes.rows if row[1] <= limit_bytes and not is_compressed_file(row[0]) -%}
        {%- set check_sql -%}
            select count(*) from read_blob('{{ row[0] | replace("'", "''") }}')
            where try(decode(content)) is null
        {%- endset -%}
        {%- if run_query(check_sql).columns[0].values()[0] > 0 -%}
            {{ exceptions.raise_compiler_error(
                "Input file '" ~ row[0] ~ "' (source " ~ source_label ~ ") is not UTF-8 text (e.g. "
                ~ "Latin-1 or Windows-1252). Save the file as UTF-8 (any spreadsheet's 'CSV UTF-8' "
                ~ "export; `iconv -f latin1 -t utf-8` on the command line), or point var '"
                ~ var_name ~ "' at a UTF-8 copy. If only some lines are not UTF-8 (rows appended by "
                ~ "another tool), converting the whole file garbles the others: `user-segmentation "
                ~ "scaffold` on the file names those lines."
            ) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro is_compressed_file(path) %}
    {#- Whether DuckDB reads the file through a decompression (by its suffix, as DuckDB does). -#}
    {{ return((path | lower).endswith(('.gz', '.gzip', '.zst', '.zstd'))) }}
{% endmacro %}
