{% macro is_summary_label(text) %}
    {#- True when the text expression (trimmed) is one of var summary_row_labels in any case: the
        label of a spreadsheet's summary row ("Total", "Grand total"), whose numbers add up the
        other rows. In a user table's id column such a row is not a user. -#}
    {%- set labels = [] -%}
    {%- for label in var('summary_row_labels', []) or [] -%}
        {%- do labels.append(sql_text(label | lower)) -%}
    {%- endfor -%}
    {%- if labels -%}
        {{ equals_any('lower(' ~ text ~ ')', labels) }}
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}
