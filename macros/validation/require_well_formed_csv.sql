{% macro require_well_formed_csv(path, var_name, source_label, options='header = true, all_varchar = true') %}
    {#- Reads the CSV file(s) as text once, with DuckDB's store_rejects, and stops the build naming
        every line with more or fewer fields than the header (or a stray quote): the strict reader
        fails on the first one with a sniffing error that names no line, or reads a ragged file
        as one column. options: read_csv's (header, all_varchar, delim). Returns the well-formed
        rows read (require_input_columns' empty-file check).
        The scaffold runs the same check (user_segmentation.tools.csv_lines). -#}
    {%- set rows = _rows_read_storing_rejects(path, options) -%}
    {%- set rejected_lines = run_query("select count(distinct line) from malformed_csv_lines").rows[0][0] -%}
    {%- if rejected_lines > rows -%}
        {#- Most lines rejected: a title line above the data (UCI's adult.test), which DuckDB's
            sniffer skips on its own but not while storing rejects. Without it, the file reads
            clean. -#}
        {%- set rows_after_a_title = _rows_read_storing_rejects(
            path, options ~ ", skip = 1", 'csv_lines_after_a_title'
        ) -%}
        {%- if run_query("select count(*) from csv_lines_after_a_title_lines").rows[0][0] == 0 -%}
            {{- return(rows_after_a_title) -}}
        {%- endif -%}
    {%- endif -%}
    {%- set rejected_sql -%}
        with

        rejected as (

            select
                scans.file_path,
                errors.line,
                errors.error_type,
                -- A short line gets one reject per missing column; the first says how many fields it has.
                arg_min(errors.error_message, coalesce(errors.column_idx, -1)) as message,
                any_value(errors.csv_line) as csv_line
            from malformed_csv_lines as errors
            inner join malformed_csv_scans as scans using (scan_id, file_id)
            group by all

        )

        select
            'line ' || line || ' of ''' || file_path || ''': '
            || case
                when error_type = 'TOO MANY COLUMNS' then regexp_extract(message, 'Found: (\d+)', 1)
                    || ' fields where the header has ' || regexp_extract(message, 'Columns: (\d+)', 1)
                    || ' (a value holding the delimiter must be quoted)'
                when error_type = 'MISSING COLUMNS' then regexp_extract(message, 'Found: (\d+)', 1)
                    || ' fields where the header has ' || regexp_extract(message, 'Columns: (\d+)', 1)
                    || ' (the line is cut short: is the file complete?)'
                else lower(error_type) || ': ' || message
            end
            || ': ''' || left(csv_line, 120) || '''' as described
        from rejected
        order by file_path, line
    {%- endset -%}
    {%- set lines = run_query(rejected_sql).columns[0].values() | list -%}
    {%- if lines -%}
        {#- Every malformed line a single field after the last well-formed row (the header is
            line 1): a footer, as user_segmentation.tools.csv_lines.footer_note says. -#}
        {%- set footer_sql -%}
            select min(line) > {{ rows }} + 1 and bool_and(fields = '1')
            from (
                select
                    line,
                    regexp_extract(arg_min(error_message, coalesce(column_idx, -1)), 'Found: (\d+)', 1)
                        as fields
                from malformed_csv_lines
                group by line
            )
        {%- endset -%}
        {%- set is_footer = run_query(footer_sql).columns[0].values()[0] -%}
        {{ exceptions.raise_compiler_error(
            "Input '" ~ path ~ "' (source " ~ source_label ~ ") has " ~ lines | length
            ~ " malformed line(s) next to " ~ rows ~ " well-formed rows: a line must have as many "
            ~ "fields as the header. " ~ lines[:5] | join('; ')
            ~ ("; ... and " ~ (lines | length - 5) ~ " more" if lines | length > 5 else "")
            ~ (". Every malformed line comes after the data: a footer (totals or notes below the "
               ~ "table)? Delete it" if is_footer else "")
            ~ ". Fix or delete these lines (or export the file again), or point var '" ~ var_name
            ~ "' at other files."
        ) }}
    {%- endif -%}
    {{- return(rows) -}}
{% endmacro %}

{% macro _rows_read_storing_rejects(path, options, rejects='malformed_csv') %}
    {#- The rows read_csv reads from path with options, its rejected lines in the temporary table
        <rejects>_lines of this connection (replaced on each call; <rejects>_scans names the
        files). -#}
    {%- do run_query("drop table if exists " ~ rejects ~ "_lines") -%}
    {%- do run_query("drop table if exists " ~ rejects ~ "_scans") -%}
    {%- set read_sql -%}
        select count(*) from read_csv(
            '{{ path }}', {{ options }}, store_rejects = true,
            rejects_table = '{{ rejects }}_lines', rejects_scan = '{{ rejects }}_scans'
        )
    {%- endset -%}
    {{- return(run_query(read_sql).columns[0].values()[0]) -}}
{% endmacro %}
