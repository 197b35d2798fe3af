-- Parcels and weight per carrier and day, from the Avro topic
SELECT
  carrier,
  date(from_unixtime(shipped_at_ms / 1000e0)) AS shipped_on,
  count(*) AS shipments,
  sum(parcels) AS parcels,
  round(sum(weight_kg), 1) AS weight_kg
FROM "{{catalog}}"."{{database}}"."shipments"
GROUP BY 1, 2
ORDER BY 2 DESC, 3 DESC
