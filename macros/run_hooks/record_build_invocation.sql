{% macro record_build_invocation(results) %}
    {#- on-run-end: appends one row to build_invocations for this dbt invocation (build, run, test,
        seed, snapshot): its id, command, selection, start and end, how many nodes ran, which did
        not pass (error, fail, runtime error, skipped) and which warned, and is_green (no node
        failed). dbt runs on-run-end after a failed test too, so a red build is recorded as red.
        `user-segmentation publish` reads the newest row and refuses a warehouse whose last build
        was not green. DuckDB only: publish reads DuckDB files. -#}
    {%- if execute and target.name != 'lint' and target.type == 'duckdb'
        and flags.WHICH in ['build', 'run', 'test', 'seed', 'snapshot'] -%}
        {%- set bad_statuses = ['error', 'fail', 'runtime error', 'skipped'] -%}
        {%- set failed = [] -%}
        {%- set warned = [] -%}
        {%- for result in results -%}
            {%- set status = (result.status | string | lower) -%}
            {%- if status in bad_statuses -%}
                {%- do failed.append(result.node.unique_id ~ ' (' ~ status ~ ')') -%}
            {%- elif status == 'warn' -%}
                {%- do warned.append(result.node.unique_id) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set selection = invocation_args_dict.get('select') or [] -%}
        {%- do run_query(
            "create table if not exists build_invocations (invocation_id varchar, command varchar, "
            ~ "selection varchar, started_at timestamp, finished_at timestamp, nodes integer, "
            ~ "failed_nodes integer, failed_node_list varchar, warned_node_list varchar, "
            ~ "is_green boolean)"
        ) -%}
        {%- do run_query(
            "insert into build_invocations values ("
            ~ sql_text(invocation_id) ~ ", "
            ~ sql_text(flags.WHICH) ~ ", "
            ~ sql_text(selection | join(' ')) ~ ", "
            ~ "cast(" ~ sql_text(run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f')) ~ " as timestamp), "
            ~ "cast(current_timestamp at time zone 'UTC' as timestamp), "
            ~ (results | length) ~ ", "
            ~ (failed | length) ~ ", "
            ~ sql_text(failed | join('; ')) ~ ", "
            ~ sql_text(warned | join('; ')) ~ ", "
            ~ ('true' if failed | length == 0 else 'false') ~ ")"
        ) -%}
    {%- endif -%}
{% endmacro %}
