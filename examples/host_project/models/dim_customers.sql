-- One row per customer: the host's own model, with its own column names.
with

raw_customers as (

    select * from {{ ref('raw_mall_customers') }}

),

final as (

    select
        "CustomerID" as customer_id,
        "Gender" as gender,
        case
            when "Age" < 30 then '18-29'
            when "Age" < 45 then '30-44'
            when "Age" < 60 then '45-59'
            else '60+'
        end as age_band,
        "Age" as age,
        "Annual Income (k$)" as annual_income_k,
        "Spending Score (1-100)" as spending_score
    from raw_customers

)

select * from final
