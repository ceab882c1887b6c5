{% macro require_valid_user_table() %}
    {#- user_source table: inspects the configured table before stg_user_table__users runs and stops
        the build with a message naming the file (or relation), the column and the fix when a row
        could not be used: configured columns missing, no data rows, an id that is empty, not an
        integer or repeated, a numeric feature holding text or NaN/infinity. Missing numeric values
        are fine (each feature's `missing` rule fills them). So every row read is a row segmented. -#}
    {%- if execute and target.name != 'lint' -%}
        {%- set config = user_table_config() -%}
        {%- set relation = user_table_relation() -%}
        {%- set where = "'" ~ config['path'] ~ "'" if config['path'] else relation | string -%}
        {%- set var_name = 'user_table.path' if config['path'] else 'user_table' -%}
        {%- set expected = [config['id_column']] -%}
        {%- for feature in config['numeric_features'] + config['categorical_features'] -%}
            {%- do expected.append(feature['column']) -%}
        {%- endfor -%}
        {%- if config['path'] and not config['path'].endswith('.parquet') -%}
            {%- do require_utf8_text(config['path'], var_name, 'user_table.users') -%}
        {%- endif -%}
        {%- set found = run_query("describe select * from " ~ relation).columns[0].values() | list -%}
        {%- do _require_columns(where, where, var_name, 'user_table.users', expected, found) -%}
        {%- set id = adapter.quote(config['id_column']) -%}
        {%- set id_text = "trim(cast(" ~ id ~ " as " ~ dbt.type_string() ~ "))" -%}
        {%- set checks_sql -%}
            select
                count(*) as data_rows,
                count(case when {{ id }} is null or {{ id_text }} = '' then 1 end) as empty_ids,
                count(case when {{ id_text }} != '' and try_cast({{ id }} as bigint) is null then 1 end)
                    as malformed_ids,
                min(case when {{ id_text }} != '' and try_cast({{ id }} as bigint) is null then {{ id_text }} end)
                    as malformed_example,
                count(try_cast({{ id }} as bigint)) - count(distinct try_cast({{ id }} as bigint)) as repeated_ids
                {%- for feature in config['numeric_features'] %},
                    {%- set value = adapter.quote(feature['column']) %}
                    count(case
                        when trim(cast({{ value }} as {{ dbt.type_string() }})) != ''
                            and try_cast({{ value }} as double) is null then 1
                    end) as non_numeric_{{ loop.index }},
                    min(case
                        when trim(cast({{ value }} as {{ dbt.type_string() }})) != ''
                            and try_cast({{ value }} as double) is null
                            then cast({{ value }} as {{ dbt.type_string() }})
                    end) as non_numeric_example_{{ loop.index }},
                    count(case when {{ is_non_finite('try_cast(' ~ value ~ ' as double)') }} then 1 end)
                        as non_finite_{{ loop.index }}
                {%- endfor %}
            from {{ relation }}
        {%- endset -%}
        {%- set row = run_query(checks_sql).rows[0] -%}
        {%- if row[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "Input " ~ where ~ " (user_table) has no data rows. Export the data again, or point '"
                ~ var_name ~ "' at the complete table.") }}
        {%- endif -%}
        {%- set problems = [] -%}
        {%- if row[1] > 0 -%}
            {%- do problems.append(row[1] ~ " empty id(s)") -%}
        {%- endif -%}
        {%- if row[2] > 0 -%}
            {%- do problems.append(row[2] ~ " id(s) that are not integers (e.g. '" ~ row[3] ~ "')") -%}
        {%- endif -%}
        {%- if row[4] > 0 -%}
            {%- do problems.append(row[4] ~ " repeated id(s)") -%}
        {%- endif -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                "Input " ~ where ~ " (user_table): column '" ~ config['id_column'] ~ "' (id_column) has "
                ~ problems | join(', ') ~ ". Every row needs its own integer id: fix the export, or set "
                ~ "user_table.id_column to a column that identifies each user (a text id needs a "
                ~ "surrogate integer key in a model of your own).") }}
        {%- endif -%}
        {%- for feature in config['numeric_features'] -%}
            {%- set offset = 5 + (loop.index0 * 3) -%}
            {%- if row[offset] > 0 or row[offset + 2] > 0 -%}
                {%- set found_text = [] -%}
                {%- if row[offset] > 0 -%}
                    {%- do found_text.append(row[offset] ~ " value(s) that are not numbers (e.g. '"
                        ~ row[offset + 1] ~ "')") -%}
                {%- endif -%}
                {%- if row[offset + 2] > 0 -%}
                    {%- do found_text.append(row[offset + 2] ~ " NaN or infinite value(s)") -%}
                {%- endif -%}
                {{ exceptions.raise_compiler_error(
                    "Input " ~ where ~ " (user_table): numeric feature column '" ~ feature['column']
                    ~ "' has " ~ found_text | join(' and ') ~ ". Fix the export (leave a value empty "
                    ~ "when it is unknown: `missing` fills it), or move the column to "
                    ~ "categorical_features.") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
