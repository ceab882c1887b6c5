{% macro age_band(age_expression) %}
    {#- Maps an age in years to the notebook's age bands; under 18 or unknown gives null. -#}
    case
        when {{ age_expression }} between 18 and 24 then '18-24'
        when {{ age_expression }} between 25 and 34 then '25-34'
        when {{ age_expression }} between 35 and 44 then '35-44'
        when {{ age_expression }} between 45 and 54 then '45-54'
        when {{ age_expression }} between 55 and 64 then '55-64'
        when {{ age_expression }} >= 65 then '65+'
    end
{%- endmacro %}
