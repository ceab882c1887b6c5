{% macro safe_ratio(numerator, denominator, when_zero=0) %}
    {#- numerator / denominator as double, `when_zero` when the denominator is 0 or null. -#}
    case
        when coalesce({{ denominator }}, 0) = 0 then {{ when_zero }}
        else cast({{ numerator }} as double) / {{ denominator }}
    end
{%- endmacro %}
