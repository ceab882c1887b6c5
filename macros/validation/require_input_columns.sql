{% macro require_input_columns(
    file_format, path, var_name, source_label, expected_columns, header=true, delimiter=none,
    column_names=none, encoding=none
) %}
    {#- Inspects the input files before the model runs and stops the build with a message naming the
        file, the problem and the fix: a CSV line with more or fewer fields than the header
        (require_well_formed_csv), missing (or renamed) columns, a column whose type differs
        between Parquet files, no data rows. Extra columns, a BOM, CRLF line endings and a tab or
        semicolon delimiter are fine (DuckDB's CSV sniffer detects them); header and delimiter
        read a CSV as its source does (user_table.header, event_log.delimiter), and so do the
        column_names of a file without a header row and the encoding of a file that is not UTF-8
        (none: an input whose config has no `encoding`, which must be UTF-8). -#}
    {%- if execute and target.name != 'lint' -%}
        {%- if file_format == 'parquet' -%}
            {%- do adapter.dispatch('require_parquet_columns', 'user_segmentation')(
                path, var_name, source_label, expected_columns
            ) -%}
            {%- set reader = parquet_reader(path) -%}
        {%- else -%}
            {%- do require_utf8_text(path, var_name, source_label, encoding) -%}
            {%- do require_consistent_line_endings(path, var_name, source_label) -%}
            {%- set options = "header = " ~ ('true' if header else 'false') ~ ", all_varchar = true"
                ~ (", delim = '" ~ delimiter ~ "'" if delimiter else "")
                ~ (", encoding = '" ~ encoding ~ "'" if encoding not in [none, 'utf-8'] else "")
                ~ csv_column_names_option(column_names) -%}
            {%- if header and ('*' in path or '?' in path) -%}
                {#- Each file of a glob on its own first: a file whose export renamed or dropped a
                    column is named (DuckDB's reader says "Schema mismatch between globbed files"
                    and suggests an option the config does not have). -#}
                {%- set files = run_query("select filename from read_blob('" ~ path ~ "') order by 1") -%}
                {%- for file in files.columns[0].values() -%}
                    {%- set file_reader = "read_csv('" ~ (file | replace("'", "''")) ~ "', " ~ options ~ ")" -%}
                    {%- set file_found = run_query("describe select * from " ~ file_reader).columns[0].values() | list -%}
                    {%- do _require_columns(file, path, var_name, source_label, expected_columns, file_found) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- set rows = require_well_formed_csv(path, var_name, source_label, options) -%}
            {%- set reader = "read_csv('" ~ path ~ "', " ~ options ~ ")" -%}
            {%- set found = run_query("describe select * from " ~ reader).columns[0].values() | list -%}
            {%- do _require_columns(path, path, var_name, source_label, expected_columns, found) -%}
        {%- endif -%}
        {%- if file_format == 'parquet' -%}
            {%- set rows = run_query("select count(*) from " ~ reader).columns[0].values()[0] -%}
        {%- endif -%}
        {%- if rows == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Input '" ~ path ~ "' (source " ~ source_label ~ ") has no data rows"
                ~ (" (only a header)" if file_format == 'csv' else "") ~ ". Export the data again, "
                ~ "or point var '" ~ var_name ~ "' at the complete files."
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{% macro spark__require_parquet_columns(path, var_name, source_label, expected_columns) %}
    {#- Spark reads one schema for all the files (no per-file schema function): check its columns. -#}
    {%- set found = run_query("describe select * from " ~ parquet_reader(path)).columns[0].values() | list -%}
    {%- do _require_columns(path, path, var_name, source_label, expected_columns, found) -%}
{% endmacro %}

{% macro default__require_parquet_columns(path, var_name, source_label, expected_columns) %}
    {%- set schema_sql -%}
        select
            file_name,
            name,
            concat_ws(' ', type, converted_type) as physical_type
        from parquet_schema('{{ path }}')
        where num_children is null or num_children = 0
        order by file_name
    {%- endset -%}
    {%- set schema = run_query(schema_sql) -%}
    {%- set files = schema.columns[0].values() | unique | list -%}
    {%- for file in files -%}
        {%- set found = [] -%}
        {%- for row in schema.rows if row[0] == file -%}
            {%- do found.append(row[1]) -%}
        {%- endfor -%}
        {%- if expected_columns | reject('in', found) | list -%}
            {#- The schema's leaves name a struct's fields (key, value), not the struct (GA4's
                event_params): the file's top-level columns count too. -#}
            {%- set described = run_query("describe select * from " ~ parquet_reader(file)) -%}
            {%- for name in described.columns[0].values() if name not in found -%}
                {%- do found.append(name) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do _require_columns(file, path, var_name, source_label, expected_columns, found) -%}
    {%- endfor -%}
    {%- for column in expected_columns -%}
        {%- set types = {} -%}
        {%- for row in schema.rows if row[1] == column and row[2] not in types -%}
            {%- do types.update({row[2]: row[0]}) -%}
        {%- endfor -%}
        {%- if types | length > 1 -%}
            {%- set described = [] -%}
            {%- for physical_type, file in types.items() -%}
                {%- do described.append(physical_type ~ " in '" ~ file ~ "'") -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                "Column '" ~ column ~ "' of source " ~ source_label ~ " has different types across the "
                ~ "Parquet files matching '" ~ path ~ "': " ~ described | join('; ') ~ ". Write every file "
                ~ "with the same schema (re-export the odd file), or move it out of the folder."
            ) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro _require_columns(file, path, var_name, source_label, expected_columns, found) %}
    {%- set missing = [] -%}
    {%- for column in expected_columns if column not in found -%}
        {%- do missing.append(column) -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- set unexpected = [] -%}
        {%- for column in found if column not in expected_columns and column not in ['filename'] -%}
            {%- do unexpected.append(column) -%}
        {%- endfor -%}
        {%- set hint = "" -%}
        {%- if found | length == 1 and (('\t' in found[0]) or (';' in found[0]) or ('|' in found[0])) -%}
            {%- set hint = " The whole header was read as one column: the delimiter was not recognised; "
                ~ "save the file comma-separated." -%}
        {%- elif unexpected -%}
            {%- set hint = " Columns present that the source does not use (renamed?): "
                ~ unexpected | join(', ') ~ "." -%}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "Input file '" ~ file ~ "' (source " ~ source_label ~ ") lacks required column(s): "
            ~ missing | join(', ') ~ "." ~ hint ~ " Rename the columns in the export to: "
            ~ expected_columns | join(', ') ~ " (extra columns are ignored), or point var '"
            ~ var_name ~ "' at other files."
        ) }}
    {%- endif -%}
{% endmacro %}
