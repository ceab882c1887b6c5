{% macro order_free_sum(expression) %}
    {#- A sum of doubles that does not depend on the order rows arrive in. DuckDB adds a parallel
        aggregate's partial sums in the order its threads finish, so a plain sum or avg of doubles
        differed in the last bit between two builds of the same event log (the feature table's
        fingerprint, and with it the run id, changed, and refit: if_changed fitted again).
        DuckDB's fsum (Kahan-compensated) gave one value over six row orders of 2M values where
        sum gave five. -#}
    {{- return(adapter.dispatch('order_free_sum', 'user_segmentation')(expression)) -}}
{% endmacro %}

{% macro default__order_free_sum(expression) -%}
    sum({{ expression }})
{%- endmacro %}

{% macro duckdb__order_free_sum(expression) -%}
    fsum({{ expression }})
{%- endmacro %}

{% macro order_free_mean(expression) %}
    {#- The mean counterpart of order_free_sum (DuckDB's favg). -#}
    {{- return(adapter.dispatch('order_free_mean', 'user_segmentation')(expression)) -}}
{% endmacro %}

{% macro default__order_free_mean(expression) -%}
    avg({{ expression }})
{%- endmacro %}

{% macro duckdb__order_free_mean(expression) -%}
    favg({{ expression }})
{%- endmacro %}
