{%- set log = event_log_config() %}
{%- if log['path'] %}
    {{ require_input_files(log['path'], 'event_log.path') }}
    {%- set expected_columns = [log['user_id']] %}
    {%- for column in [log['timestamp'], log['event_type'], log['event_id']] if column %}
        {%- do expected_columns.append(column) %}
    {%- endfor %}
    {%- for column in log['numeric_columns'] + log['text_columns'] %}
        {%- do expected_columns.append(column['column']) %}
    {%- endfor %}
    {{ require_input_columns(
        'parquet' if log['path'].lower().endswith('.parquet') else 'csv',
        log['path'], 'event_log.path', 'event_log.events', expected_columns,
        header=log['header'], delimiter=log['delimiter'], column_names=log['column_names'],
        encoding=log['encoding'],
    ) }}
{%- endif %}
{%- set reads_files = not (log['relation'] or log['source']) %}
{%- set event_id_type = 'bigint' if event_log_event_id_type() == 'integer' else dbt.type_string() %}
{%- set is_parquet = reads_files and (log['path'] or '').lower().endswith('.parquet') %}
{#- Rows are matched to the quarantine by file and row number. Parquet gives each row's number in
    its file; for CSV files, a model or a source the number comes from row_number(), which a
    parallel scan may assign differently each time the view is read, so there the typed rows are
    a table (numbered once; the quarantine and the accepted events read the same numbers). -#}
{{ config(materialized='view' if is_parquet else 'table') }}

{#- One row per raw event row of the configured event log (var event_log), typed with try_cast
    (text never crashes the read), with the file and row it came from and the first row rule it
    breaks (row_rule_broken, and the column in row_rule_column; null = passes every rule that needs
    only the row itself): a missing or malformed user id, a missing or unparseable timestamp, a
    timestamp after the as-of date (var as_of_date; without it, after the build started), a
    non-numeric or non-finite value in a numeric column. Event types are not checked: a feature's
    filter decides what it counts. The event id is a bigint when its column has an integer type
    (event_log_event_id_type: repeats are then found as for the app events), else text. A line
    of a CSV that repeats the header (exports concatenated with their headers) is
    repeated_header. -#}

{#- The ids of no one (a deleted account, a default device: missing_user_ids) are missing ids. -#}
{%- set no_one_ids = [] %}
{%- for value in log['missing_user_ids'] %}
    {%- do no_one_ids.append(sql_text(value)) %}
{%- endfor %}
{%- set no_one = equals_any('trim(cast(' ~ adapter.quote(log['user_id']) ~ ' as ' ~ dbt.type_string() ~ '))', no_one_ids)
    if no_one_ids else none %}

{%- set checks = [
    ('is_repeated_header', 'repeated_header', 'user_id'),
    ('raw_user_id is null', 'missing_user_id', 'user_id'),
] %}
{%- if log['user_id_type'] == 'integer' %}
    {%- do checks.append(('user_id is null', 'malformed_user_id', 'user_id')) %}
{%- else %}
    {%- do checks.append(('user_id is null', 'missing_user_id', 'user_id')) %}
{%- endif %}
{%- if log['undated'] %}
    {#- An undated log (no time column): every row is at the as-of date, and counts. -#}
{%- else %}
{%- do checks.append(('raw_event_at is null', 'missing_event_at', 'event_at')) %}
{%- do checks.append(('event_at is null', 'unparseable_event_at', 'event_at')) %}
{%- if var('as_of_date') %}
    {%- do checks.append((
        "event_at >= cast(" ~ dbt.dateadd('day', 1, "cast('" ~ var('as_of_date') ~ "' as date)") ~ " as timestamp)",
        'event_at_after_as_of_date', 'event_at')) %}
{%- else %}
    {%- do checks.append(('event_at > ' ~ run_started_at_timestamp(), 'future_event_at', 'event_at')) %}
{%- endif %}
{%- endif %}
{%- for column in log['numeric_columns'] %}
    {%- do checks.append((
        'raw_' ~ column['name'] ~ ' is not null and ' ~ column['name'] ~ ' is null',
        'unparseable_event_at' if column['derive'] else 'non_numeric_value', column['name'])) %}
    {%- if column['derive'] %}
        {#- An end before its start: the clock of one of them is wrong. -#}
        {%- do checks.append((column['name'] ~ ' < 0', 'negative_duration', column['name'])) %}
    {%- elif column['type'] in ['double', 'float', 'real'] %}
        {%- do checks.append((is_non_finite(column['name']), 'non_finite_value', column['name'])) %}
    {%- endif %}
{%- endfor %}

{%- if log['undated'] %}
    {%- set event_at_sql = undated_event_at() %}
{%- else %}
    {%- set event_at_sql = local_wall_clock(
        try_parse_utc_timestamp(adapter.quote(log['timestamp']), log['timestamp_format']), log['timezone']) %}
{%- endif %}

with

source as (

    select * from {{ event_log_relation() }}

),

typed as (

    select
        {% if reads_files -%}
            cast(filename as {{ dbt.type_string() }}) as source_file,
        {%- else -%}
            '{{ event_log_relation() }}' as source_file,
        {%- endif %}
        {% if is_parquet -%}
            file_row_number + 1 as source_row_number,
        {%- elif reads_files -%}
            -- The CSV reader keeps the file's row order (DuckDB preserves insertion order).
            row_number() over (partition by filename) as source_row_number,
        {%- else -%}
            row_number() over () as source_row_number,
        {%- endif %}
        -- The raw values as read (any type): the quarantine formats them as text for broken rows only.
        {% if log['user_id_type'] == 'integer' and no_one -%}
            case
                when {{ no_one }} then null
                else {{ value_or_null(adapter.quote(log['user_id']), 'bigint') }}
            end as raw_user_id,
        {%- elif log['user_id_type'] == 'integer' -%}
            {{ value_or_null(adapter.quote(log['user_id']), 'bigint') }} as raw_user_id,
        {%- else -%}
            {#- A text id that is a marker is already a null user_id (missing_user_id). -#}
            {{ adapter.quote(log['user_id']) }} as raw_user_id,
        {%- endif %}
        {%- set timestamp_type = column_type_of(event_log_relation(), log['timestamp']) if log['timestamp'] %}
        {% if log['undated'] -%}
            cast(null as {{ dbt.type_string() }}) as raw_event_at,
        {%- elif (timestamp_type or 'varchar') in ('varchar', 'text', 'string') -%}
            {#- A marker (NA in an R export) is a missing timestamp, not an unparseable one. -#}
            {{ text_or_null(adapter.quote(log['timestamp'])) }} as raw_event_at,
        {%- else -%}
            {{ adapter.quote(log['timestamp']) }} as raw_event_at,
        {%- endif %}
        {% if log['event_id'] -%}
            {{ adapter.quote(log['event_id']) }} as raw_event_id,
            cast({{ adapter.quote(log['event_id']) }} as {{ event_id_type }}) as event_id,
        {%- else -%}
            cast(null as {{ dbt.type_string() }}) as raw_event_id,
            cast(null as {{ dbt.type_string() }}) as event_id,
        {%- endif %}
        {% if log['user_id_type'] == 'integer' -%}
            {{ try_cast_whole_number(adapter.quote(log['user_id']), column_type_of(event_log_relation(), log['user_id'])) }} as user_id,
        {%- else -%}
            {%- if no_one %}
            case when {{ no_one }} then null else {{ text_or_null(adapter.quote(log['user_id'])) }} end as user_id,
            {%- else %}
            {{ text_or_null(adapter.quote(log['user_id'])) }} as user_id,
            {%- endif %}
        {%- endif %}
        {% if log['event_type'] -%}
            trim(cast({{ adapter.quote(log['event_type']) }} as {{ dbt.type_string() }})) as event_type,
        {%- else -%}
            cast(null as {{ dbt.type_string() }}) as event_type,
        {%- endif %}
        {% for column in log['numeric_columns'] -%}
            {% if column['derive'] == 'minutes_after_event' -%}
                {#- The minutes from the event's start to its end in this column, read with the
                    log's timestamp_format: a trip's, a stream's or a session's length. -#}
                {%- set quoted = adapter.quote(column['column']) %}
                {%- set ended_at = local_wall_clock(try_parse_utc_timestamp(quoted, log['timestamp_format']), log['timezone']) %}
                {%- if (column_type_of(event_log_relation(), column['column']) or 'varchar') in ('varchar', 'text', 'string') %}
                    {{ text_or_null(quoted) }} as raw_{{ column['name'] }},
                {%- else %}
                    {{ quoted }} as raw_{{ column['name'] }},
                {%- endif %}
                cast({{ dbt.datediff(event_at_sql, ended_at, 'second') }} as double) / 60 as {{ column['name'] }},
            {% elif column['order'] -%}
                {#- Answers on a scale (Very dissatisfied .. Very satisfied) as their rank in
                    `order`; answers off the scale in missing_values are gaps. -#}
                {%- set answer = text_or_null_unless_coded(adapter.quote(column['column']), column['missing_values']) %}
                {{ answer }} as raw_{{ column['name'] }},
                cast({{ answer_rank(answer, column['order']) }} as {{ column['type'] }}) as {{ column['name'] }},
            {% else -%}
                {%- set quoted = adapter.quote(column['column']) %}
                {%- if column['number_format'] != 'plain' %}
                    {%- set typed = try_cast(number_text(
                        'cast(' ~ quoted ~ ' as ' ~ dbt.type_string() ~ ')', column['number_format']),
                        column['type']) %}
                {%- else %}
                    {%- set typed = 'try_cast(' ~ quoted ~ ' as ' ~ column['type'] ~ ')' %}
                {%- endif %}
                {%- set raw = value_or_null(quoted, column['type']) %}
                {%- if column['missing_values'] %}
                    {#- A code for "no value" (a rating of 0 among 1 to 5 stars) is a gap, as a
                        missing-value marker is: the event stays, its aggregates skip the value. -#}
                    {%- set is_code = equals_any(typed, column['missing_values']) %}
                    {%- set raw = 'case when ' ~ is_code ~ ' then null else ' ~ raw ~ ' end' %}
                    {%- set typed = 'case when ' ~ is_code ~ ' then null else ' ~ typed ~ ' end' %}
                {%- endif %}
                {{ raw }} as raw_{{ column['name'] }},
                {{ typed }} as {{ column['name'] }},
            {% endif -%}
        {% endfor -%}
        {% for column in log['text_columns'] -%}
            {{ text_or_null(adapter.quote(column['column'])) }} as {{ column['name'] }},
        {% endfor -%}
        {% if reads_files and not is_parquet and log['header'] -%}
            {#- Exports concatenated with their headers: a line that repeats the header's names. -#}
            trim(cast({{ adapter.quote(log['user_id']) }} as {{ dbt.type_string() }})) = {{ sql_text(log['user_id']) }}
            {% if log['timestamp'] -%}
            and trim(cast({{ adapter.quote(log['timestamp']) }} as {{ dbt.type_string() }})) = {{ sql_text(log['timestamp']) }}
            {%- endif %}
                as is_repeated_header,
        {%- else -%}
            false as is_repeated_header,
        {%- endif %}
        {{ event_at_sql }} as event_at
    from source

),

rules_applied as (

    select
        *,
        case
            {% for condition, reason, column in checks -%}
                when {{ condition }} then '{{ reason }}'
            {% endfor -%}
        end as row_rule_broken,
        case
            {% for condition, reason, column in checks -%}
                when {{ condition }} then '{{ column }}'
            {% endfor -%}
        end as row_rule_column
    from typed

)

select * from rules_applied
