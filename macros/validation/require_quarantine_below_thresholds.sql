{% macro require_quarantine_below_thresholds() %}
    {#- Reads int_input_rows_reconciled before the feature table is built: stops the build when a
        source's quarantined share is above var quarantine_error_share, and logs a warning above
        quarantine_warn_share, naming the source and its top reasons. The caller must declare
        `-- depends_on: {{ ref('int_input_rows_reconciled') }}` (and unit tests of the caller a
        fixture for it; the check is skipped in unit tests). -#}
    {%- if compiling_a_model_run() -%}
        {%- set warn_share = var('quarantine_warn_share') | float -%}
        {%- set error_share = var('quarantine_error_share') | float -%}
        {%- set missing_id_limit = var('missing_user_id_share_limit') -%}
        {%- set checked = run_query(
            "select source_name, rows_read, rows_quarantined, checked_share, top_reasons, "
            ~ "rows_missing_user_id from " ~ ref('int_input_rows_reconciled') ~ " order by source_name"
        ) -%}
        {%- for row in checked.rows -%}
            {%- set share = row[3] or 0 -%}
            {%- set summary = "source " ~ row[0] ~ ": " ~ row[2] ~ " of " ~ row[1] ~ " rows quarantined ("
                ~ "%.2f" | format((row[2] / row[1] if row[1] else 0) * 100) ~ "%); top reasons: " ~ row[4] ~ "." -%}
            {%- if missing_id_limit is not none -%}
                {%- set missing_share = row[5] / row[1] if row[1] else 0 -%}
                {%- if missing_share > missing_id_limit | float -%}
                    {{ exceptions.raise_compiler_error(
                        "Too many rows without a user id in " ~ summary ~ " "
                        ~ "%.2f" | format(missing_share * 100) ~ "% lack one, above "
                        ~ "missing_user_id_share_limit=" ~ missing_id_limit ~ ": is the id still exported?"
                    ) }}
                {%- endif -%}
                {%- set summary = summary ~ " Of the " ~ (row[1] - row[5]) ~ " rows with a user id, "
                    ~ "%.2f" | format(share * 100) ~ "% are quarantined for other reasons." -%}
            {%- endif -%}
            {%- if share > error_share -%}
                {{ exceptions.raise_compiler_error(
                    "Too many bad input rows in " ~ summary ~ " That is above quarantine_error_share="
                    ~ error_share ~ ". See the rows in stg_*_quarantined (or the input_quarantine mart of a "
                    ~ "build with a higher threshold), fix the export, or raise the threshold with "
                    ~ "--vars '{\"quarantine_error_share\": ...}'."
                ) }}
            {%- elif share > warn_share -%}
                {%- do exceptions.warn(
                    "Bad input rows quarantined in " ~ summary ~ " Above quarantine_warn_share="
                    ~ warn_share ~ "; the build goes on without them (see the input_quarantine mart)."
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
