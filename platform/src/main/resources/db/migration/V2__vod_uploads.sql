-- Uploaded videos (DESIGN §2 step 7, §3.7 upload): where the source file is and how long it runs, for progress.
ALTER TABLE events ADD COLUMN vod_source text;
ALTER TABLE events ADD COLUMN vod_duration_seconds double precision;
ALTER TABLE events ADD COLUMN vod_updated_at timestamptz;
