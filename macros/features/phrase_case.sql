{% macro phrase_case(label) %}
    {#- A label as it reads inside a phrase ("high q7 ..." read wrong): words written as a name
        (Monthly, Income) in lower case, words with other capitals (Q7, NPS, CTR, iPhone) as
        written. -#}
    {%- set words = [] -%}
    {%- for word in (label | string).split(' ') -%}
        {%- set named = word == word | capitalize and word[1:] != word[1:] | upper -%}
        {%- do words.append(word | lower if named or word == word | lower else word) -%}
    {%- endfor -%}
    {{- return(words | join(' ')) -}}
{% endmacro %}
