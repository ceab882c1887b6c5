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
