{% macro require_consistent_line_endings(path, var_name, source_label) %}
    {#- A CSV whose lines end with CRLF but for a few with LF alone (an export appended to by
        another tool) stops DuckDB's reader with "the CSV Parser state machine reached an
        invalid state", which names neither the file's problem nor the fix; this stops the
        build with both. Line breaks inside quoted fields do not count. Files up to 256 MB are
        checked (read whole, as require_utf8_text); compressed files are left to the reader. -#}
    {%- set limit_bytes = 268435456 -%}
    {%- set sizes = run_query("select filename, size from read_blob('" ~ path ~ "')") -%}
    {%- for row in sizes.rows if row[1] <= limit_bytes and not is_compressed_file(row[0]) -%}
        {%- set count_sql -%}
            with

            text_read as (

                select decode(content, 'replace') as text
                from read_blob('{{ row[0] | replace("'", "''") }}')

            )

            select
                (length(text) - length(replace(text, chr(13) || chr(10), ''))) // 2 as crlf_lines,
                length(text) - length(replace(text, chr(10), '')) as all_lines
            from text_read
        {%- endset -%}
        {%- set counts = run_query(count_sql).rows[0] -%}
        {%- set lf_lines = counts[1] - counts[0] -%}
        {%- if counts[0] > 0 and lf_lines > 0 -%}
            {#- A quoted field may hold line breaks of its own (a comment's paragraphs, LF inside a
                CRLF file): DuckDB reads those. Count again, only the line ends outside quotes
                (an even number of quote characters before them). -#}
            {%- set outside_quotes_sql -%}
                with

                pieces as (

                    select
                        unnest(string_split(decode(content, 'replace'), chr(10))) as piece,
                        generate_subscripts(string_split(decode(content, 'replace'), chr(10)), 1) as position
                    from read_blob('{{ row[0] | replace("'", "''") }}')

                ),

                quotes_counted as (

                    select
                        piece,
                        position,
                        max(position) over () as last_position,
                        sum(length(piece) - length(replace(piece, '"', ''))) over (
                            order by position rows between unbounded preceding and current row
                        ) as quotes_so_far
                    from pieces

                )

                select
                    count(case when suffix(piece, chr(13)) then 1 end) as crlf_lines,
                    count(case when not suffix(piece, chr(13)) then 1 end) as lf_lines
                from quotes_counted
                where position < last_position and quotes_so_far % 2 = 0
            {%- endset -%}
            {%- set counts = run_query(outside_quotes_sql).rows[0] -%}
            {%- set lf_lines = counts[1] -%}
        {%- endif -%}
        {%- if counts[0] > 0 and lf_lines > 0 -%}
            {{ exceptions.raise_compiler_error(
                "Input file '" ~ row[0] ~ "' (source " ~ source_label ~ ") mixes line endings: "
                ~ counts[0] ~ " lines end with CRLF (Windows) and " ~ lf_lines ~ " with LF alone, "
                ~ "which DuckDB's CSV reader cannot split. Save it with one kind (e.g. `dos2unix` "
                ~ "on the file), or point var '" ~ var_name ~ "' at other files."
            ) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
