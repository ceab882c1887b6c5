{% macro segment_history_as_of_date(as_of_date_column) %}
    {#- The as-of date that orders the segment history: the run's as_of_date, or for a flat file
        built without one, the UTC date the build started. -#}
    coalesce({{ as_of_date_column }}, cast('{{ run_started_at.strftime("%Y-%m-%d") }}' as date))
{%- endmacro %}

{% macro this_run_as_of_date() %}
    {#- Scalar subquery: the as-of date of the run being built (one value in user_segments). -#}
    (select max({{ segment_history_as_of_date('as_of_date') }}) from {{ ref('user_segments') }})
{%- endmacro %}

{% macro rewind_segment_history() %}
    {#- Pre-hook of user_segment_history: set the history back to how it stood before this run's
        as-of date, so the run writes its spells on top. A rerun of the same date replaces that
        date's spells (idempotent); a run of an earlier date drops the spells of later dates
        (rebuild those dates to restore them). -#}
    {%- if is_incremental() -%}
        delete from {{ this }} where opened_as_of_date >= {{ this_run_as_of_date() }};
        update {{ this }}
        set closed_run_id = null, closed_as_of_date = null, is_current = true
        where closed_as_of_date >= {{ this_run_as_of_date() }}
    {%- endif -%}
{%- endmacro %}

{% macro rewind_segment_history_runs() %}
    {#- Pre-hook of segment_history_runs: drop the runs from this run's as-of date on (see
        rewind_segment_history). -#}
    {%- if is_incremental() -%}
        delete from {{ this }} where as_of_date >= {{ this_run_as_of_date() }}
    {%- endif -%}
{%- endmacro %}

{% macro refuse_per_run_segment_history() %}
    {#- A warehouse built before the history became validity intervals holds one row per run and
        user; merging spells into it would corrupt both. Stop with what to do. -#}
    {%- if execute and is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
        {%- if 'opened_as_of_date' not in columns -%}
            {{ exceptions.raise_compiler_error(
                this ~ " holds the old one-row-per-run history. Rebuild it as validity intervals "
                ~ "with: dbt build --select user_segment_history+ --full-refresh "
                ~ "(the old rows are replaced by the current run's spells; copy the table first "
                ~ "to keep them)."
            ) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
