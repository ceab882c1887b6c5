-- Within each segment and attribute, category shares add up to 1.
select
    segment_id,
    attribute,
    sum(share) as total_share
from {{ ref('segment_category_mix') }}
group by 1, 2
having abs(sum(share) - 1) > 1e-9
