-- One row per ordered item: parses the items JSON string of each order
WITH parsed AS (
  SELECT
    order_id,
    ordered_at,
    user_id,
    CAST(json_parse(items) AS ARRAY(ROW(product_id INTEGER, quantity INTEGER))) AS items
  FROM "{{catalog}}"."{{database}}"."orders"
)
SELECT
  parsed.order_id,
  parsed.ordered_at,
  parsed.user_id,
  item.product_id,
  item.quantity
FROM parsed
CROSS JOIN UNNEST(parsed.items) AS t(item)
