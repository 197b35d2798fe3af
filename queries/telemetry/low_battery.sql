-- Devices whose last report (Protobuf topic) shows under 20 % battery and no charger
SELECT device_id, battery_pct, charging, firmware, from_unixtime(reported_at_ms / 1000e0) AS reported_at
FROM (
  SELECT *, row_number() OVER (PARTITION BY device_id ORDER BY reported_at_ms DESC) AS newest
  FROM "{{catalog}}"."{{database}}"."device_status"
)
WHERE newest = 1 AND battery_pct < 20 AND NOT coalesce(charging, false)
ORDER BY battery_pct
