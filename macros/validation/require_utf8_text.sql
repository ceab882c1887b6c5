{% macro require_utf8_text(path, var_name, source_label, encoding=none) %}
    {#- CSV inputs must be text in their configured encoding (UTF-8 unless `encoding` says
        latin-1 or utf-16; none for an input without the key, which must be UTF-8): DuckDB's reader stops at the first byte it cannot decode and suggests
        ignore_errors, which would drop rows silently. Stops the build naming the file and the
        fix instead. Files up to 256 MB are checked (read whole); larger ones are left to the
        reader's own error, as are compressed files (.gz, .zst: their bytes are not text) and
        UTF-16 files. -#}
    {%- set limit_bytes = 268435456 -%}
    {%- set sizes = run_query("select filename, size from read_blob('" ~ path ~ "')") -%}
    {%- for row in sizes.rows if row[1] <= limit_bytes and not is_compressed_file(row[0]) and encoding != 'utf-16' -%}
        {%- set blob = "read_blob('" ~ (row[0] | replace("'", "''")) ~ "')" -%}
        {%- if encoding == 'latin-1' -%}
            {#- Bytes 0x80-0x9F are control characters in Latin-1, which DuckDB refuses; in
                Windows-1252 they are curly quotes, dashes and the euro sign. Two hex digits a
                byte: the match starts on a byte boundary. -#}
            {%- set check_sql = "select count(*) from " ~ blob
                ~ " where regexp_matches(hex(content), '^(?:..)*?[89][0-9A-F]')" -%}
        {%- else -%}
            {%- set check_sql = "select count(*) from " ~ blob ~ " where try(decode(content)) is null" -%}
        {%- endif -%}
        {%- set unreadable = run_query(check_sql).columns[0].values()[0] > 0 -%}
        {%- if unreadable and encoding == 'latin-1' -%}
            {{ exceptions.raise_compiler_error(
                "Input file '" ~ row[0] ~ "' (source " ~ source_label ~ ") is not Latin-1 text: it "
                ~ "holds bytes 0x80-0x9F, which Windows-1252 uses for curly quotes, dashes and the euro "
                ~ "sign, and which DuckDB reads in no encoding but UTF-8. Save the file as UTF-8 (`iconv "
                ~ "-f cp1252 -t utf-8` on the command line) and drop `encoding`, or point var '"
                ~ var_name ~ "' at a UTF-8 copy."
            ) }}
        {%- elif unreadable -%}
            {{ exceptions.raise_compiler_error(
                "Input file '" ~ row[0] ~ "' (source " ~ source_label ~ ") is not UTF-8 text (e.g. "
                ~ "Latin-1 or Windows-1252). "
                ~ ("A Latin-1 file is read as it is with `encoding: latin-1` in the input's config "
                   ~ "(`user-segmentation scaffold` on the file writes it). Else save the file as UTF-8"
                   if encoding else "Save the file as UTF-8")
                ~ " (any spreadsheet's 'CSV UTF-8' export; `iconv -f cp1252 -t utf-8` on "
                ~ "the command line), or point var '" ~ var_name ~ "' at a UTF-8 copy. If only some "
                ~ "lines are not UTF-8 (rows appended by another tool), converting the whole file "
                ~ "garbles the others: `user-segmentation scaffold` on the file names those lines."
            ) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro is_compressed_file(path) %}
    {#- Whether DuckDB reads the file through a decompression (by its suffix, as DuckDB does). -#}
    {{ return((path | lower).endswith(('.gz', '.gzip', '.zst', '.zstd'))) }}
{% endmacro %}
