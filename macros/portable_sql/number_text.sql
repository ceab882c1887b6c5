{% macro number_text(raw_value, number_format) %}
    {#- A formatted number's text as plain number text (a user-table feature's or an event-log
        numeric column's number_format): grouped drops currency signs and codes, spaces, % and
        thousands commas ($1,234.56 -> 1234.56, 1,499 USD -> 1499); decimal_comma also drops the
        dots and makes the comma the decimal point (1.234,56 -> 1234.56). Both read an amount in
        parentheses, as accounts write a negative, as negative ((1,328.83) -> -1328.83). The same
        as user_segmentation.tools.table_profile.number_sql. -#}
    {{- return(adapter.dispatch('number_text', 'user_segmentation')(raw_value, number_format)) -}}
{% endmacro %}

{% macro currency_codes() %}
    {#- ISO currency codes written beside a number (1,499 USD), in any case. -#}
    {{- return('(?i:usd|eur|gbp|jpy|chf|cad|aud|nzd|cny|inr|sek|nok|dkk|pln|brl|mxn|zar)') -}}
{%- endmacro %}

{% macro default__number_text(raw_value, number_format) %}
    {#- Spark: Java regular expressions (\\s for a space) replace every match. -#}
    {%- set raw_value = "regexp_replace(trim(" ~ raw_value ~ "), '^[(](.*)[)]$', '-$1')" -%}
    {%- if number_format == 'decimal_comma' -%}
        replace(regexp_replace({{ raw_value }}, '[$€£¥%\\s]|{{ currency_codes() }}|[.]', ''), ',', '.')
    {%- else -%}
        regexp_replace({{ raw_value }}, '[$€£¥%\\s]|{{ currency_codes() }}|,', '')
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__number_text(raw_value, number_format) %}
    {%- set raw_value = "regexp_replace(trim(" ~ raw_value ~ "), '^[(](.*)[)]$', '-\\1')" -%}
    {%- if number_format == 'decimal_comma' -%}
        replace(regexp_replace({{ raw_value }}, '[$€£¥%[:space:]]|{{ currency_codes() }}|[.]', '', 'g'), ',', '.')
    {%- else -%}
        regexp_replace({{ raw_value }}, '[$€£¥%[:space:]]|{{ currency_codes() }}|,', '', 'g')
    {%- endif -%}
{%- endmacro %}

{% macro checked_number_format(item, config_name) %}
    {#- A config item's number_format (plain when not set); stops the build naming the column and
        the formats when it is none of them. -#}
    {%- set number_format = item.get('number_format') or 'plain' -%}
    {%- if number_format not in ['plain', 'grouped', 'decimal_comma'] -%}
        {{ exceptions.raise_compiler_error(
            config_name ~ ": unknown number_format '" ~ number_format ~ "' for column '" ~ item['column']
            ~ "'. Use plain, grouped ($1,234.56, 10%) or decimal_comma (1.234,56).") }}
    {%- endif -%}
    {{ return(number_format) }}
{% endmacro %}
