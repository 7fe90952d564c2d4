-- nginx-rtmp on_update: when the current publisher was last reported alive by ingest (NULL until its first update).
ALTER TABLE events ADD COLUMN publisher_seen_at timestamptz;
